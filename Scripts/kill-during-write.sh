#!/usr/bin/env bash
# kill -9 during model writes: 20 runs of `lightbox adapt --unlabelled ... --out M --force` over an
# existing model M. Odd runs are killed at moments spread over the whole run; even runs are
# killed the moment the temporary file beside M appears (inside the write). After every kill M
# must still load (`lightbox predict --model M`).
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
echo "one write run takes $(( run_ns / 1000000 )) ms"
failures=0
torn=0
for i in $(seq 1 20); do
    # A killed write leaves its own temporary file (never read); count it and clear it, so the
    # next run's poll sees only its own.
    if compgen -G "$MODEL.tmp-*" >/dev/null; then torn=$(( torn + 1 )); rm -f "$MODEL".tmp-*; fi
    "$BIN" adapt --unlabelled "$WORK/site" --out "$MODEL" --force >/dev/null 2>&1 &
    pid=$!
    delay_ns=$(( run_ns * i / 20 ))
    if [ $(( i % 2 )) -eq 0 ]; then
        # Inside the write: poll for the temporary file, then kill at once.
        t0=$(date +%s%N)
        while ! compgen -G "$MODEL.tmp-*" >/dev/null && kill -0 "$pid" 2>/dev/null; do :; done
        delay_ns=$(( $(date +%s%N) - t0 ))
        seen=$(compgen -G "$MODEL.tmp-*" >/dev/null && echo "during the write" || echo "after the run")
    else
        sleep "$(printf '%d.%09d' $(( delay_ns / 1000000000 )) $(( delay_ns % 1000000000 )))"
        seen="at a fixed moment"
    fi
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    if "$BIN" predict "$FILM" --model "$MODEL" >/dev/null 2>&1; then
        echo "run $i: killed $seen ($(( delay_ns / 1000000 )) ms): model loads"
    else
        echo "run $i: killed $seen ($(( delay_ns / 1000000 )) ms): MODEL DOES NOT LOAD"
        failures=$(( failures + 1 ))
    fi
done
compgen -G "$MODEL.tmp-*" >/dev/null && torn=$(( torn + 1 ))
echo "$failures of 20 kills left a model that does not load; $torn kills left a torn temporary file beside it (never read)"
[ "$failures" -eq 0 ]
