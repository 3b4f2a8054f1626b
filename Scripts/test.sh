#!/usr/bin/env bash
# Installs what is missing, then builds Lightbox and runs the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build --build-tests
swift test --skip-build
