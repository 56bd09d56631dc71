#!/usr/bin/env bash
# Fills DIRECTORY with the files of the container image: the static wiredump binary, Debian's CA
# bundle, and the files under /etc that glibc reads, for a user "wiredump" with uid and gid 65532.
# The Dockerfile copies the result into a scratch image, and
# tests/integration/suites/release_chroot.sh runs the binary in it through chroot.
# docs/release-build.md explains each file. Run it as root, because it changes file owners.
#
# Usage: scripts/make-image-root.sh DIRECTORY BINARY
set -euo pipefail

if (($# != 2)); then
  echo "usage: scripts/make-image-root.sh DIRECTORY BINARY" >&2
  exit 2
fi
root=$1
binary=$2
ca_bundle=/etc/ssl/certs/ca-certificates.crt

if [[ ! -f $ca_bundle ]]; then
  echo "make-image-root: error: $ca_bundle not found; install Debian's ca-certificates package" >&2
  exit 1
fi

mkdir -p "$root/etc/ssl/certs" "$root/home/wiredump" "$root/backups"
cp "$binary" "$root/wiredump"
cp "$ca_bundle" "$root/etc/ssl/certs/"

# glibc 2.36 has the files and dns services built in, so these need no NSS module. The
# container runtime provides /etc/hosts and /etc/resolv.conf.
printf 'passwd: files\ngroup: files\nhosts: files dns\n' >"$root/etc/nsswitch.conf"
printf 'root:x:0:0:root:/root:/wiredump\nwiredump:x:65532:65532:wiredump:/home/wiredump:/wiredump\n' \
  >"$root/etc/passwd"
printf 'root:x:0:\nwiredump:x:65532:\n' >"$root/etc/group"

# The home directory takes an optional .pgpass, and /backups is the working directory that a
# volume is mounted on.
chown 65532:65532 "$root/home/wiredump" "$root/backups"
