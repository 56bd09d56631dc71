# A container image that holds only the static wiredump binary, CA certificates and the few
# files under /etc that glibc reads. docs/release-build.md explains the choices, and
# tests/integration/suites/release_chroot.sh runs the same binary in the same file layout.
#
#   docker build -t wiredump .
#   docker run --rm -v "$PWD/backups:/backups" -e PGPASSWORD wiredump \
#     dump -h db.example.com -U backup --output-dir /backups shop

# Build stage: Debian 12 with the build tools and the -dev packages whose .a archives the static
# link uses. These are the "Build" and "Libraries" groups of scripts/install-deps.sh, plus file
# for the static-link check in scripts/build-release.sh.
FROM debian:12 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      cmake ninja-build g++ file ca-certificates \
      libasio-dev libssl-dev zlib1g-dev libzstd-dev libxxhash-dev libidn-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
RUN WIREDUMP_RELEASE_DIR=/build scripts/build-release.sh

# The image's files. The "files" and "dns" name services are built into glibc 2.36, so hosts:
# files dns needs no NSS module. The runtime mounts its own /etc/hosts and /etc/resolv.conf.
# The user wiredump (uid 65532) gets a home directory for an optional ~/.pgpass.
RUN mkdir -p /image/etc/ssl/certs /image/home/wiredump /image/backups \
 && cp /build/wiredump /image/wiredump \
 && cp /etc/ssl/certs/ca-certificates.crt /image/etc/ssl/certs/ \
 && printf 'passwd: files\ngroup: files\nhosts: files dns\n' >/image/etc/nsswitch.conf \
 && printf 'root:x:0:0:root:/root:/wiredump\nwiredump:x:65532:65532:wiredump:/home/wiredump:/wiredump\n' \
      >/image/etc/passwd \
 && printf 'root:x:0:\nwiredump:x:65532:\n' >/image/etc/group \
 && chown 65532:65532 /image/home/wiredump /image/backups

FROM scratch
COPY --from=build /image/ /
# OpenSSL looks for CA certificates under the OPENSSLDIR of the Debian build (/usr/lib/ssl),
# which this image does not have.
ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
USER 65532:65532
WORKDIR /backups
ENTRYPOINT ["/wiredump"]
CMD ["--help"]
