#!/usr/bin/env bash
# Check the btree indexes on citizen_id with amcheck: a table of 1,000,000
# IDs with a btree primary key, a hash index and a btree on
# province_code(id).  bt_index_check and bt_index_parent_check, both with
# heapallindexed, must find nothing wrong, before and after deleting 10% of
# the rows and VACUUM.  amcheck in PostgreSQL 15 cannot check hash indexes,
# so the hash index is checked by lookups through it instead.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

database=civid_test_amcheck_$$

cleanup() {
	dropdb --if-exists "$database" || true
}
trap cleanup EXIT

rows=1000000
start_seconds=$SECONDS

echo "== $database: $rows IDs"
createdb "$database"
sql "$database" "
CREATE EXTENSION civid;
CREATE EXTENSION amcheck;
CREATE TABLE people (id citizen_id PRIMARY KEY, n integer NOT NULL);
"

# Row n gets code number n % 69 of the 63 province codes and 6 country
# codes, sex (n / 69) % 2 and birth year 1925 + (n / 138) % 100, so the
# combination repeats every 69 * 2 * 100 = 13800 rows.  Rows with the same
# combination differ in k = n / 13800 <= 72, and the serial
# (k * 7919 + c * 104729) % 1000000 differs for each k below 127, because
# 126 * 7919 < 1000000.  So every ID is distinct.
start_ms=$(date +%s%3N)
sql "$database" "
INSERT INTO people (id, n)
SELECT make_citizen_id(codes.list[1 + n % 69],
	CASE WHEN (n / 69) % 2 = 0 THEN 'male' ELSE 'female' END,
	1925 + (n / 138) % 100,
	((n / 13800) * 7919 + (n % 13800) * 104729) % 1000000),
	n
FROM (SELECT array_agg(code ORDER BY code) AS list
	FROM (SELECT DISTINCT code FROM citizen_id_codes
		WHERE kind = 'province' OR code IN ('101', '113', '147', '206', '227', '295'))
		AS c) AS codes,
	generate_series(0, $rows - 1) AS n;
CREATE INDEX people_id_hash ON people USING hash (id);
CREATE INDEX people_province_code ON people (province_code(id));
ANALYZE people;
"
echo "loaded and indexed in $(($(date +%s%3N) - start_ms)) ms"
check_equal "rows" "$rows" "$(sql "$database" "SELECT count(*) FROM people")"
check_equal "distinct province codes" 69 \
	"$(sql "$database" "SELECT count(DISTINCT province_code(id)) FROM people")"
check_equal "rows registered abroad" 86952 \
	"$(sql "$database" "SELECT count(*) FROM people WHERE registered_abroad(id)")"
check_equal "birth years" "1925-2024" \
	"$(sql "$database" "SELECT min(birth_year(id)) || '-' || max(birth_year(id)) FROM people")"

# Run amcheck on both btree indexes and check the order of the IDs.
check_indexes() {
	local label=$1 index start_ms
	for index in people_pkey people_province_code; do
		start_ms=$(date +%s%3N)
		sql "$database" "SELECT bt_index_check('$index', heapallindexed => true)" >/dev/null ||
			fail "$label: bt_index_check($index) failed"
		pass "$label: bt_index_check($index, heapallindexed) in $(($(date +%s%3N) - start_ms)) ms"
		start_ms=$(date +%s%3N)
		sql "$database" "
SELECT bt_index_parent_check('$index', heapallindexed => true)" >/dev/null ||
			fail "$label: bt_index_parent_check($index) failed"
		pass "$label: bt_index_parent_check($index, heapallindexed) in $(($(date +%s%3N) - start_ms)) ms"
	done

	# The btree order of citizen_id is the order of its text
	check_equal "$label: IDs whose text sorts before the previous ID's" 0 \
		"$(sql "$database" "
SELECT count(*) FROM (
	SELECT id::text AS this, lag(id::text) OVER (ORDER BY id) AS previous
	FROM people) AS s
WHERE previous COLLATE \"C\" >= this COLLATE \"C\"")"
}

# Print the plan and the result of counting the IDs of a probe query that
# the hash index finds in people.  The transaction drops the two btree
# indexes and rolls back, so that only the hash index can serve the lookup.
hash_lookup() {
	local probe=$1 query
	query="SELECT count(*) FROM ($probe) AS probe (id)
WHERE EXISTS (SELECT FROM people p WHERE p.id = probe.id)"
	sql "$database" "
BEGIN;
ALTER TABLE people DROP CONSTRAINT people_pkey;
DROP INDEX people_province_code;
SET LOCAL enable_seqscan = off;
SET LOCAL enable_bitmapscan = off;
SET LOCAL enable_hashjoin = off;
SET LOCAL enable_mergejoin = off;
SET LOCAL enable_material = off;
EXPLAIN (COSTS OFF) $query;
$query;
ROLLBACK;"
}

# Check that the hash index finds the IDs of a probe query, and print
# the count.
check_hash_lookup() {
	local label=$1 expected=$2 probe=$3 output
	output=$(hash_lookup "$probe")
	grep -q 'Index Scan using people_id_hash on people p' <<<"$output" || {
		printf '%s\n' "$output" >&2
		fail "$label: the lookup does not use people_id_hash"
	}
	check_equal "$label" "$expected" "$(tail -n 1 <<<"$output")"
}

# Every 100th row, kept by the delete below (n % 10 = 7)
present_probe="SELECT id FROM people WHERE n % 100 = 7"
# The same IDs with digit 4 set to 8 (born in the 2300s), which the table
# does not contain, because its birth years are 1925 to 2024.
absent_probe="SELECT citizen_id(id::bigint
	- (id::bigint / 100000000 % 10) * 100000000 + 800000000)
FROM people WHERE n % 100 = 7"

echo "== check after the load"
check_indexes "after load"
check_hash_lookup "after load: present IDs found through the hash index" \
	$((rows / 100)) "$present_probe"
check_hash_lookup "after load: absent IDs found through the hash index" 0 \
	"$absent_probe"
sql "$database" "CREATE TABLE deleted AS SELECT id FROM people WHERE n % 10 = 0"

echo "== delete 10% of the rows and VACUUM"
sql "$database" "DELETE FROM people WHERE n % 10 = 0"
sql "$database" "VACUUM people"
check_equal "rows after the delete" $((rows * 9 / 10)) \
	"$(sql "$database" "SELECT count(*) FROM people")"
check_indexes "after delete and VACUUM"
check_hash_lookup "after delete: present IDs found through the hash index" \
	$((rows / 100)) "$present_probe"
check_hash_lookup "after delete: absent IDs found through the hash index" 0 \
	"$absent_probe"
check_hash_lookup "after delete: deleted IDs found through the hash index" 0 \
	"SELECT id FROM deleted"

echo "amcheck: all checks passed in $((SECONDS - start_seconds)) s"
