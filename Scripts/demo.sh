#!/usr/bin/env bash
# Installs what is missing, builds Lightbox (release) and opens the bundled demo study.
# The demo's verdicts go to the per-user folder (~/.local/share/lightbox/feedback/), never
# into the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product lightbox >&2
swift build -c release --product lightbox-decoder >&2   # compressed DICOM decodes in it
exec .build/release/lightbox "$@"
