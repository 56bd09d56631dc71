# A container image that holds only the static wiredump binary, CA certificates and the few
# files under /etc that glibc reads. docs/release-build.md explains the choices, and
# tests/integration/suites/release_chroot.sh runs the same binary in the same file layout.
#
#   docker build -t wiredump .
#   docker run --rm -v "$PWD/backups:/backups" -e PGPASSWORD wiredump \
#     dump -h db.example.com -U backup --output-dir /backups shop

# Build stage: Debian 12 with the build tools and the -dev packages whose .a archives the static
# link uses. These are the "Build" and "Libraries" groups of scripts/install-deps.sh, plus file
# for the static-link check in scripts/build-release.sh and ca-certificates for the CA bundle.
FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      cmake ninja-build g++ file ca-certificates \
      libasio-dev libssl-dev zlib1g-dev libzstd-dev liblz4-dev libxxhash-dev libidn-dev libdeflate-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN WIREDUMP_RELEASE_DIR=/build scripts/build-release.sh

# The image's files: the binary, CA certificates, /etc/nsswitch.conf, /etc/passwd and
# /etc/group for the user wiredump (uid 65532), its home directory and /backups.
RUN scripts/make-image-root.sh /image /build/wiredump

FROM scratch
COPY --from=build /image/ /
# COPY gives new files to root unless --chown says otherwise, so the two directories that the
# user wiredump writes to are copied again with their owner.
COPY --from=build --chown=65532:65532 /image/home/wiredump /home/wiredump
COPY --from=build --chown=65532:65532 /image/backups /backups
# OpenSSL looks for CA certificates under the OPENSSLDIR of the Debian build (/usr/lib/ssl),
# which this image does not have.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /backups
ENTRYPOINT ["/wiredump"]
CMD ["--help"]
