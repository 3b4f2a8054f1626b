#!/usr/bin/env bash
# Installs what is missing, builds Lightbox (release) and opens the bundled demo study.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product lightbox >&2
exec .build/release/lightbox "$@"
