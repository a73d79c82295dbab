#!/bin/sh
# Builds Chorus and runs every test suite, printing ctest's summary for each:
#   1. release build: unit + integration tests (real chorusd, sipp, baresip)
#   2. Debug build with AddressSanitizer + UBSan: unit tests
#   3. clang libFuzzer build: a timed smoke run of every fuzz target
# Runs all stages even when one fails; exits non-zero if any failed.
set -u
cd "$(dirname "$0")/.."
JOBS="${JOBS:-$(nproc)}"
status=0

stage() {
  echo
  echo "==== $1"
}

run() {
  "$@" || { echo "FAILED: $*"; status=1; return 1; }
}

stage "release build + unit and integration tests"
if run cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo &&
   run cmake --build build -j "$JOBS"; then
  run ctest --test-dir build --output-on-failure -j "$JOBS" -L "unit|integration"
fi

stage "ASan + UBSan build + unit tests"
if run cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DCHORUS_SANITIZE=ON \
       -DCHORUS_BENCH=OFF &&
   run cmake --build build-asan -j "$JOBS"; then
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
    run ctest --test-dir build-asan --output-on-failure -j "$JOBS" -L unit
fi

stage "libFuzzer smoke runs"
if command -v clang++ >/dev/null 2>&1; then
  if run env CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
         -DCHORUS_FUZZ=ON -DCHORUS_TESTS=OFF -DCHORUS_BENCH=OFF &&
     run cmake --build build-fuzz -j "$JOBS"; then
    run ctest --test-dir build-fuzz --output-on-failure -j "$JOBS" -L fuzz
  fi
else
  echo "clang++ not found: fuzz targets not built"
fi

echo
if [ "$status" -eq 0 ]; then echo "ALL TEST STAGES PASSED"; else echo "SOME TEST STAGES FAILED"; fi
exit "$status"
