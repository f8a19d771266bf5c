#!/usr/bin/env bash
# Installs the Debian packages iotsec needs, only those missing, without prompting.
# Usage: scripts/deps.sh [build|test|bench|fuzz]   (each set includes the previous ones)
set -euo pipefail
set_name=${1:-build}
pkgs=(cmake make gcc pkg-config libpcap-dev libndpi-dev libsodium-dev libjansson-dev libsqlite3-dev libmosquitto-dev ieee-data)
case "$set_name" in
  build) ;;
  test) pkgs+=(libcmocka-dev libndpi-bin python3 python3-jsonschema iproute2 clang libclang-rt-14-dev p0f mosquitto openssl) ;;
  bench) pkgs+=(libcmocka-dev libndpi-bin python3 valgrind time) ;;
  fuzz) pkgs+=(clang libclang-rt-14-dev) ;;
  *) echo "deps.sh: unknown set '$set_name'" >&2; exit 2 ;;
esac
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps.sh: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo=sudo
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
