#!/usr/bin/env bash
# Build the unit tests of civid's pure C code (test/unit/test_parse.c) and
# run them under valgrind.  Fails on a failed check, on any memory error
# and on any leak.  Needs no server, and installs valgrind if it is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/common.sh

install_packages make gcc valgrind

make -s test/unit/test_parse
status=0
timeout 300 valgrind -q --error-exitcode=1 --leak-check=full \
	--errors-for-leak-kinds=all test/unit/test_parse || status=$?
if [ "$status" -ne 0 ]; then
	echo "FAIL: test/unit/test_parse under valgrind exited with status $status" >&2
	exit 1
fi
