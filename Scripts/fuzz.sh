#!/usr/bin/env bash
# Fuzzes Lightbox's parsers of outside bytes with libFuzzer and AddressSanitizer, each target for a
# bounded time, seeded, starting from the small corpus in Fuzz/Corpus/<target>/.
#
#   Scripts/fuzz.sh [SECONDS] [TARGET...]     default: 30 s each, every target
#
# Targets: jpeg-header safetensors model-card feedback-log csv-export dicom dicom-codestream png. New inputs libFuzzer finds
# go to a scratch folder, so the corpus in the repository stays small; a crash leaves its input in
# .build/fuzz/findings/<target>/ and makes the script exit 1. Run before every release.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(jpeg-header safetensors model-card feedback-log csv-export dicom dicom-codestream png)

# lld: gold fails on the sanitizer build (an internal error while reporting a link problem).
LIGHTBOX_FUZZ=1 swift build --scratch-path .build/fuzz --product lightbox-fuzz -Xswiftc -sanitize=fuzzer,address \
    -Xswiftc -Xclang-linker -Xswiftc -fuse-ld=lld
binary=".build/fuzz/debug/lightbox-fuzz"
export OPENBLAS_NUM_THREADS=1 OPENBLAS_CORETYPE="${OPENBLAS_CORETYPE:-Haswell}"
failed=0
for target in "${targets[@]}"; do
    work=".build/fuzz/corpus/$target"
    findings=".build/fuzz/findings/$target"
    mkdir -p "$work" "$findings"
    echo "fuzz: $target for ${seconds}s"
    # dicom: a GDCM assertion is turned into a reason by jumping out of GDCM (see lightbox_gdcm.cpp),
    # which abandons its stack objects (a few hundred bytes per such file) by design: no leak check.
    extra=() asan="${ASAN_OPTIONS:-}"
    # Both DICOM targets decode in-process (Lightbox itself decodes codecs in lightbox-decoder), so
    # AddressSanitizer sees GDCM's codecs.
    if [ "$target" = dicom ] || [ "$target" = dicom-codestream ]; then extra=(-detect_leaks=0); asan="detect_leaks=0"; fi
    if ! ASAN_OPTIONS="$asan" LIGHTBOX_FUZZ_TARGET="$target" "$binary" "$work" "Fuzz/Corpus/$target" "${extra[@]}" \
        -seed=1 -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -artifact_prefix="$findings/" -print_final_stats=1 > "$findings/log.txt" 2>&1; then
        echo "fuzz: $target FAILED, see $findings/log.txt"
        failed=1
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb" "$findings/log.txt" | sed "s/^/fuzz: $target /" || true
done
exit "$failed"
