#!/usr/bin/env bash
# Builds Lightbox (release) and installs it under a prefix:
#   PREFIX/bin/lightbox
#   PREFIX/bin/lightbox-decoder                                         (decodes compressed DICOM for lightbox)
#   PREFIX/share/lightbox/Models/lightbox-pneumonia-cnn.safetensors   (the bundled model)
#   PREFIX/share/lightbox/DemoStudy/                                   (the synthetic demo study)
# The installed program finds the model and the demo relative to itself (../share/lightbox),
# so it runs from anywhere. Usage: Scripts/install.sh [--prefix DIR] (default: ~/.local).
set -euo pipefail
prefix="${HOME}/.local"
while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="${2:?--prefix needs a folder}"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument '$1' (use --prefix DIR)" >&2; exit 2 ;;
    esac
done
cd "$(dirname "$0")/.."
Scripts/setup.sh
swift build -c release --product lightbox >&2
swift build -c release --product lightbox-decoder >&2
bin="$(swift build -c release --show-bin-path)/lightbox"
share="${prefix}/share/lightbox"
install -d "${prefix}/bin" "${share}/Models"
install -m 755 "${bin}" "${prefix}/bin/lightbox"
# lightbox finds its decoder process beside itself.
install -m 755 "${bin}-decoder" "${prefix}/bin/lightbox-decoder"
install -m 644 Assets/Models/lightbox-pneumonia-cnn.safetensors "${share}/Models/"
rm -rf "${share}/DemoStudy"
# The demo's films only: a review log (.lightbox/) of a checkout is not copied.
(cd Assets && find DemoStudy -name .lightbox -prune -o -type f -print | while read -r file; do
    install -D -m 644 "${file}" "${share}/${file}"
done)
echo "installed ${prefix}/bin/lightbox (model and demo study in ${share})"
case ":${PATH}:" in
    *":${prefix}/bin:"*) ;;
    *) echo "add ${prefix}/bin to PATH to run it as 'lightbox'" ;;
esac
