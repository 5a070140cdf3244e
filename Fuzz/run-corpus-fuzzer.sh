#!/usr/bin/env bash
# Fuzzes the corpus (TSV) reader, ParallelCorpus.
#
#   Fuzz/run-corpus-fuzzer.sh [RUNS] [libFuzzer flags...]   libFuzzer + AddressSanitizer (default 1000000 runs)
#   Fuzz/run-corpus-fuzzer.sh --deterministic [INPUTS]      the seeded mutation harness via `swift test`
#
# Both check one contract: the harness in Tests/Seq2SeqTests/ReliabilityCorpusFuzzTests.swift,
# which the libFuzzer build compiles too (with -D S2S_LIBFUZZER, which leaves out its tests),
# together with Fuzz/CorpusReader/*.swift and the library's Text sources, at -O (not the release
# -Ounchecked) so that an overflow or out-of-bounds access traps. Build products, the growing
# corpus (seeded from Tests/Seq2SeqTests/Fixtures/corpus) and any crash-* reproducers go to
# $S2S_FUZZ_DIR/corpus-reader (default .build/fuzz/corpus-reader). Each input is staged in a
# file in /dev/shm (see ParallelCorpus.load(bytes:)).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

if [[ "${1:-}" == "--deterministic" ]]; then
    cd "$root"
    S2S_CORPUS_FUZZ_INPUTS="${2:-1000000}" exec swift test -c release --filter ReliabilityCorpusFuzzTests
fi

runs="${1:-1000000}"
shift || true
work="${S2S_FUZZ_DIR:-$root/.build/fuzz}/corpus-reader"
mkdir -p "$work/corpus"
sources=(
    "$root"/Fuzz/CorpusReader/*.swift
    "$root"/Tests/Seq2SeqTests/ReliabilityCorpusFuzzTests.swift
    "$root"/Sources/Seq2Seq/Text/*.swift
    "$root"/Sources/Seq2Seq/Tensors/RandomGenerator.swift
)
# ld.gold warns about every ASan helper symbol; those lines are noise.
swiftc -sanitize=fuzzer,address -parse-as-library -O -D S2S_LIBFUZZER -module-name CorpusReaderFuzz \
    "${sources[@]}" -o "$work/corpus-reader-fuzzer" 2> >(grep -v "Cannot export local symbol" >&2)
cp "$root"/Tests/Seq2SeqTests/Fixtures/corpus/* "$work/corpus/" 2>/dev/null || true
cd "$work"
exec ./corpus-reader-fuzzer -runs="$runs" -max_len=4096 -print_final_stats=1 \
    -dict="$root/Fuzz/CorpusReader/tsv.dict" "$@" corpus
