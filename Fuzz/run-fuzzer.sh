#!/usr/bin/env bash
# Fuzzes the safetensors checkpoint loader.
#
#   Fuzz/run-fuzzer.sh [RUNS] [libFuzzer flags...]   libFuzzer + AddressSanitizer (default 1000000 runs)
#   Fuzz/run-fuzzer.sh --deterministic [INPUTS]      the seeded mutation harness via `swift test`
#                                                    (for toolchains without the libFuzzer runtime)
#
# The libFuzzer build compiles Fuzz/CheckpointLoader/*.swift with just the library files the loader
# needs, at -O (not the release -Ounchecked), so an overflow or out-of-bounds access traps and is
# reported instead of passing silently. Build products, the growing corpus (seeded from the test
# fixtures) and any crash-* reproducers go to $S2S_FUZZ_DIR (default .build/fuzz).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [[ "${1:-}" == "--deterministic" ]]; then
    cd "$root"
    S2S_FUZZ_INPUTS="${2:-1000000}" exec swift test -c release --filter SafeTensorsFuzzTests
fi

runs="${1:-1000000}"
shift || true
work="${S2S_FUZZ_DIR:-$root/.build/fuzz}"
mkdir -p "$work/corpus"
sources=(
    "$root"/Fuzz/CheckpointLoader/*.swift
    "$root"/Sources/Seq2Seq/Checkpoints/SafeTensors*.swift
    "$root"/Sources/Seq2Seq/Checkpoints/CRC32C.swift
    "$root"/Sources/Seq2Seq/Tensors/Tensor.swift
    "$root"/Sources/Seq2Seq/Tensors/RandomGenerator.swift
)
# ld.gold warns about every ASan helper symbol; those lines are noise.
swiftc -sanitize=fuzzer,address -parse-as-library -O -module-name CheckpointLoaderFuzz \
    "${sources[@]}" -o "$work/checkpoint-loader-fuzzer" 2> >(grep -v "Cannot export local symbol" >&2)
cp "$root"/Tests/Seq2SeqTests/Fixtures/safetensors/*.safetensors "$work/corpus/" 2>/dev/null || true
cd "$work"
exec ./checkpoint-loader-fuzzer -runs="$runs" -max_len=4096 -print_final_stats=1 \
    -dict="$root/Fuzz/CheckpointLoader/safetensors.dict" "$@" corpus
