#!/usr/bin/env bash
# Run bench/run on 20,000 rows with one repetition against the server that
# the PG* variables name, and check that its reports contain every
# measurement with a positive number.  This proves that the benchmark
# script works; the figures of so small a run mean little.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
out_dir=$(mktemp -d /tmp/civid-bench-smoke.XXXXXX)
trap 'rm -rf "$out_dir"' EXIT

echo "== bench/run --rows 20000 --repeat 1"
status=0
"$top/bench/run" --rows 20000 --repeat 1 --out "$out_dir" --no-build \
	>"$out_dir/run.log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
	tail -n 40 "$out_dir/run.log" >&2
	fail "bench/run exited with status $status"
fi
pass "bench/run finished"

for file in results.md results.csv growth.csv raw.csv query_results.csv plans.txt; do
	[ -s "$out_dir/$file" ] || fail "bench/run wrote no $file"
	pass "$file written"
done

grep -q '^query results: every alternative returned the same result for each query$' \
	"$out_dir/run.log" || fail "run.log does not report that the answers agree"
pass "every alternative returned the same query results"

# The CSV files quote labels that contain commas, so psql reads them.
# Prints the measurements that are missing or have no positive median, as
# metric/alternative[/rows], or nothing.
missing=$(psql -X -q -A -t -v ON_ERROR_STOP=1 <<SQL
CREATE TEMP TABLE result (
	rows bigint, metric text, measurement text, unit text, alternative text,
	repetitions integer, median float8, min float8, max float8,
	ratio_bigint float8, ratio_text_check float8);
\copy result FROM '$out_dir/results.csv' WITH (FORMAT csv, HEADER)
CREATE TEMP TABLE growth (
	metric text, measurement text, unit text, alternative text, rows bigint,
	repetitions integer, median float8, min float8, max float8);
\copy growth FROM '$out_dir/growth.csv' WITH (FORMAT csv, HEADER)

WITH alternative (alternative) AS (
	VALUES ('bigint'), ('citizen_id'), ('text_check'), ('varchar_domain'), ('char12')
), expected (metric, alternative) AS (
	SELECT m, a.alternative
	FROM unnest(ARRAY['copy_in', 'copy_out', 'table_size', 'index_build',
		'index_size', 'lookups', 'hash_join', 'merge_join', 'order_by',
		'group_year', 'group_province', 'province_query']) AS m
	CROSS JOIN alternative AS a
	UNION ALL
	SELECT m, 'citizen_id'
	FROM unnest(ARRAY['issue', 'trigger_insert_1', 'plain_insert_1',
		'trigger_insert_2', 'plain_insert_2', 'trigger_insert_4',
		'plain_insert_4', 'register']) AS m
), expected_growth (metric, alternative, rows) AS (
	SELECT m, a.alternative, r
	FROM unnest(ARRAY['copy_in', 'copy_out', 'table_size', 'index_build',
		'index_size', 'order_by', 'group_year', 'group_province']) AS m
	CROSS JOIN alternative AS a
	CROSS JOIN unnest(ARRAY[200, 2000, 20000]) AS r
)
SELECT string_agg(missing, ' ')
FROM (
	SELECT e.metric || '/' || e.alternative AS missing
	FROM expected AS e
	WHERE NOT EXISTS (
		SELECT FROM result AS r
		WHERE r.metric = e.metric AND r.alternative = e.alternative
			AND r.rows = 20000 AND r.repetitions = 1 AND r.median > 0)
	UNION ALL
	SELECT e.metric || '/' || e.alternative || '/' || e.rows
	FROM expected_growth AS e
	WHERE NOT EXISTS (
		SELECT FROM growth AS g
		WHERE g.metric = e.metric AND g.alternative = e.alternative
			AND g.rows = e.rows AND g.median > 0)
) AS m;
SQL
)
check_equal "measurements missing from results.csv and growth.csv" "" "$missing"

check_equal "results.csv data rows" 68 $(($(wc -l <"$out_dir/results.csv") - 1))
check_equal "results.md rows of the results table" 68 \
	"$(grep -c '^| .* | [0-9.,]* | [0-9.,]*–[0-9.,]* |' "$out_dir/results.md")"

if psql -X -A -t -d template1 -c "SELECT 1 FROM pg_database WHERE datname = 'civid_bench'" |
	grep -q 1; then
	fail "bench/run left the database civid_bench behind"
fi
pass "bench/run dropped civid_bench"

echo "bench_smoke: all checks passed"
