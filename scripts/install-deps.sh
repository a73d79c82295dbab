#!/bin/sh
# Installs the Debian 12 packages Chorus needs to build, run and test.
# Idempotent: installs only what is missing. Re-runs itself through sudo
# when not root.
set -eu

PACKAGES="
  build-essential cmake ninja-build pkg-config git ca-certificates
  clang libclang-rt-14-dev
  libevent-dev libopus-dev libspeexdsp-dev libsrtp2-dev libspandsp-dev
  prometheus-cpp-dev libyaml-cpp-dev nlohmann-json3-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-numpy sip-tester baresip-core sox espeak-ng iproute2 curl procps
"

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo "$0" "$@"
  fi
  echo "install-deps: run as root (or install sudo)" >&2
  exit 1
fi

missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done

if [ -z "$missing" ]; then
  echo "install-deps: all packages present"
  exit 0
fi

echo "install-deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update
# shellcheck disable=SC2086
apt-get install -y --no-install-recommends $missing
