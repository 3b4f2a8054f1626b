#!/usr/bin/env bash
# Installs the Debian packages Lightbox needs, skipping those already present.
# Usage: Scripts/setup.sh        (sudo is used when not root)
set -euo pipefail
packages=(libncurses-dev libturbojpeg0-dev libopenblas-dev libgdcm-dev libspng-dev zlib1g-dev pkg-config tmux postgresql libpq-dev)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "lightbox setup: installing ${missing[*]}" >&2
$sudo apt-get -o DPkg::Lock::Timeout=300 update -qq >&2
DEBIAN_FRONTEND=noninteractive $sudo apt-get -o DPkg::Lock::Timeout=300 install -y -qq --no-install-recommends "${missing[@]}" >&2
