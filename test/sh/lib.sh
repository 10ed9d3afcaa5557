# Helpers for the shell tests in test/sh.  Source this file from a test
# script.  The PG* variables must already name the server, as pg_virtualenv
# sets them.

# Print a failure message to stderr and exit 1.
fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# Print a passed check.
pass() {
	echo "ok: $*"
}

# Run one SQL string in a database and print the rows unaligned, without
# headers, fields separated by '|'.  Stop at the first SQL error.
sql() {
	local database=$1
	shift
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$database" -c "$*"
}

# Fail unless actual equals expected.
check_equal() {
	local label=$1 expected=$2 actual=$3
	if [ "$actual" != "$expected" ]; then
		fail "$label: expected '$expected', got '$actual'"
	fi
	pass "$label = $actual"
}

# Fail unless the two files are identical, and print the first lines of
# the difference when they are not.
check_same_file() {
	local label=$1 expected_file=$2 actual_file=$3
	if ! cmp -s "$expected_file" "$actual_file"; then
		diff -u "$expected_file" "$actual_file" | head -n 40 >&2 || true
		fail "$label: $actual_file differs from $expected_file"
	fi
	pass "$label ($(wc -l <"$actual_file") lines identical)"
}
