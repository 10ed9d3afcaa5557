#!/usr/bin/env bash
# Build the libFuzzer target fuzz/fuzz_parse and run it for about 20
# seconds on the seed corpus.  Fails if it finds a crash, a sanitizer
# error or a violated property.  Needs no server, and installs clang and
# the libFuzzer runtime if they are missing.  fuzz/README.md has longer runs.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh

FUZZ_SECONDS=${FUZZ_SECONDS:-20}

install_packages make clang
# Debian ships the libFuzzer runtime for -fsanitize=fuzzer separately, in
# libclang-rt-N-dev for clang N.
clang_major=$(clang -dumpversion | cut -d. -f1)
install_packages "libclang-rt-$clang_major-dev"

make -s fuzz

work_dir=$(mktemp -d /tmp/civid-fuzz-smoke.XXXXXX)
trap 'rm -rf "$work_dir"' EXIT
mkdir "$work_dir/corpus"

# New inputs go to the scratch folder, so fuzz/corpus stays unchanged.
echo "== fuzz/fuzz_parse -max_total_time=$FUZZ_SECONDS"
status=0
timeout $((FUZZ_SECONDS + 120)) fuzz/fuzz_parse \
	-max_total_time="$FUZZ_SECONDS" -print_final_stats=1 \
	-dict=fuzz/civid.dict -artifact_prefix="$work_dir/" \
	"$work_dir/corpus" fuzz/corpus >"$work_dir/fuzz.log" 2>&1 || status=$?

if [ "$status" -ne 0 ]; then
	grep -v -E '^#[0-9]+' "$work_dir/fuzz.log" | tail -n 60 >&2
	mkdir -p fuzz/artifacts
	for artifact in "$work_dir"/crash-* "$work_dir"/leak-* "$work_dir"/timeout-* \
		"$work_dir"/oom-*; do
		[ -e "$artifact" ] || continue
		cp "$artifact" fuzz/artifacts/
		echo "input that failed, kept as fuzz/artifacts/$(basename "$artifact"):" >&2
		od -A d -c "$artifact" | head -n 20 >&2
	done
	echo "FAIL: fuzz/fuzz_parse exited with status $status" >&2
	exit 1
fi

executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work_dir/fuzz.log")
per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work_dir/fuzz.log")
if [ -z "$executions" ] || [ "$executions" -eq 0 ]; then
	tail -n 20 "$work_dir/fuzz.log" >&2
	echo "FAIL: libFuzzer reported no executions" >&2
	exit 1
fi
echo "ok: fuzz_parse ran $executions inputs in $FUZZ_SECONDS s ($per_second per second), no property violated"
