#!/usr/bin/env bash
# Installs what the tests need and a fresh machine lacks: Debian packages
# (PostgreSQL, Redis, Chromium, build tools for llama.cpp's server). Run as
# root; does nothing for packages already installed.
set -euo pipefail

packages=(postgresql redis-server chromium cmake g++ python3-numpy git ca-certificates)
# node and npm come with the machine image; Debian's are the fallback.
command -v node >/dev/null || packages+=(nodejs)
command -v npm >/dev/null || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "scripts/deps.sh: missing Debian packages: ${missing[*]} (run as root, or install them)" >&2
  exit 1
fi
echo "scripts/deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
