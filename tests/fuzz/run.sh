#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets with Debian's clang (ASan + UBSan) in their own
# build directory and runs each for FUZZ_SECONDS. New inputs go to a working corpus in the
# build directory; crashes, leaks and timeouts are written to tests/fuzz/crashes/TARGET/ and
# fail the run. Add a fixed crasher to tests/fuzz/corpus/TARGET/ so `make test` replays it.
#
#   FUZZ_SECONDS=60 FUZZ_TARGETS="dockerfile go_template" FUZZ_JOBS=1 tests/fuzz/run.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD_DIR:-$root/build-fuzz-clang}
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"dockerfile shell_lexer readme_header go_template dockerignore reference layer http_request www_authenticate compose"}
jobs=${FUZZ_JOBS:-$(nproc)}

# clang and its libFuzzer runtime are needed only here, not for `make test`.
need=()
command -v clang++ >/dev/null || need+=(clang)
dpkg-query -W -f='${Status}' libclang-rt-14-dev 2>/dev/null | grep -q "install ok installed" ||
  need+=(libclang-rt-14-dev)
if ((${#need[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "fuzz: missing packages: ${need[*]} (sudo apt-get install ${need[*]})" >&2
    exit 1
  fi
  apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y "${need[@]}"
fi

sanitizers="-fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=undefined"
if [[ ! -f $build/CMakeCache.txt ]]; then
  CC=clang CXX=clang++ cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DBERTH_FUZZ=ON -DBERTH_WERROR=OFF -DBERTH_STATIC_DEPS=OFF \
    -DCMAKE_CXX_FLAGS="$sanitizers -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined"
fi
cmake --build "$build" -j "$jobs" --target $(printf 'fuzz_%s ' $targets)

failed=()
for target in $targets; do
  work=$build/fuzz-corpus/$target
  crashes=$root/tests/fuzz/crashes/$target
  mkdir -p "$work" "$crashes"
  echo "fuzz: $target for ${seconds}s"
  # The saved corpus is read, never written: new inputs go to $work.
  if ! "$build/bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="$crashes/" \
    "$work" "$root/tests/fuzz/corpus/$target"; then
    failed+=("$target")
  fi
  rmdir "$crashes" 2>/dev/null || true
done
if ((${#failed[@]})); then
  echo "fuzz: failures in ${failed[*]}: see tests/fuzz/crashes/" >&2
  exit 1
fi
echo "fuzz: no failures in $targets"
