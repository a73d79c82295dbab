// Entry point of the mixer benchmark binary (build/tests/bench/mixer_bench).
// The benchmarks live in tests/bench/mixer_*_bench.cc, one file per topic;
// figures and the commands that produced them are in docs/bench/mixer.md.

#include <benchmark/benchmark.h>

BENCHMARK_MAIN();
