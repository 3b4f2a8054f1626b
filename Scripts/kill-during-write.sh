#!/usr/bin/env bash
# kill -9 during model writes: 20 runs of `lightbox adapt --unlabelled ... --out M --force` over an
# existing model M, each killed at a different moment of its run (spread over the whole run,
# write included); after every kill M must still load (`lightbox predict --model M`).
# Usage: Scripts/kill-during-write.sh [path/to/lightbox]   (default .build/debug/lightbox)
set -u
BIN=${1:-.build/debug/lightbox}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$BIN" synth --out "$WORK/site" --count 8 --seed 3 --size 128 >/dev/null || exit 2
FILM=$(find "$WORK/site" -type f | head -1)
MODEL="$WORK/model.safetensors"
"$BIN" adapt --unlabelled "$WORK/site" --out "$MODEL" >/dev/null 2>&1 || { echo "first write failed"; exit 2; }
start=$(date +%s%N)
"$BIN" adapt --unlabelled "$WORK/site" --out "$MODEL" --force >/dev/null 2>&1
run_ns=$(( $(date +%s%N) - start ))
echo "one write run takes $(( run_ns / 1000000 )) ms; killing 20 runs at 5%, 10%, ... 100% of it"
failures=0
for i in $(seq 1 20); do
    "$BIN" adapt --unlabelled "$WORK/site" --out "$MODEL" --force >/dev/null 2>&1 &
    pid=$!
    delay_ns=$(( run_ns * i / 20 ))
    sleep "$(printf '%d.%09d' $(( delay_ns / 1000000000 )) $(( delay_ns % 1000000000 )))"
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if "$BIN" predict "$FILM" --model "$MODEL" >/dev/null 2>&1; then
        echo "run $i: killed at $(( delay_ns / 1000000 )) ms: model loads"
    else
        echo "run $i: killed at $(( delay_ns / 1000000 )) ms: MODEL DOES NOT LOAD"
        failures=$(( failures + 1 ))
    fi
done
leftovers=$(find "$WORK" -maxdepth 1 -name 'model.safetensors.tmp-*' | wc -l)
echo "$failures of 20 kills left a model that does not load; $leftovers temporary files left beside it"
[ "$failures" -eq 0 ]
