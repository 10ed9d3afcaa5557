#!/usr/bin/env bash
# Dump a database that uses civid with pg_dump in custom and plain format,
# and restore each dump into a new database.  Check that the registry, the
# tables, their constraints, indexes, partitions and trigger come back
# intact.  Then issue 20,000 numbers in each restored database and check
# that none of them is a number of the source registry.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

suffix=$$
source_db=civid_test_dump_source_$suffix
custom_db=civid_test_dump_custom_$suffix
plain_db=civid_test_dump_plain_$suffix
work_dir=$(mktemp -d /tmp/civid-dump-restore.XXXXXX)

cleanup() {
	local database
	for database in "$source_db" "$custom_db" "$plain_db"; do
		dropdb --if-exists "$database" || true
	done
	rm -rf "$work_dir"
}
trap cleanup EXIT

# Birth rows per bucket, and the buckets: two provinces still in use for new
# numbers (001 Ha Noi, 040 Nghe An), both sexes, born in 1990.
rows_per_bucket=500
new_numbers_per_bucket=5000
buckets="('001', 'male'), ('001', 'female'), ('040', 'male'), ('040', 'female')"

echo "== source database $source_db"
createdb "$source_db"

sql "$source_db" "
CREATE EXTENSION civid;

CREATE TABLE births (
	id citizen_id PRIMARY KEY,
	province text NOT NULL,
	sex text NOT NULL,
	birth_date date NOT NULL,
	CONSTRAINT births_born_since_1900 CHECK (birth_year(id) >= 1900),
	CONSTRAINT births_registered_at_home CHECK (registered_abroad(id) = false)
);
CREATE INDEX births_province_code ON births (province_code(id));
CREATE TRIGGER births_citizen_id BEFORE INSERT OR UPDATE ON births
	FOR EACH ROW EXECUTE FUNCTION
	assign_citizen_id('id', 'province', 'sex', 'birth_date');

CREATE TABLE births_by_hash (
	id citizen_id PRIMARY KEY,
	province text,
	sex text,
	birth_date date,
	CONSTRAINT births_by_hash_born_since_1900 CHECK (birth_year(id) >= 1900)
) PARTITION BY HASH (id);
CREATE TABLE births_by_hash_0 PARTITION OF births_by_hash
	FOR VALUES WITH (MODULUS 4, REMAINDER 0);
CREATE TABLE births_by_hash_1 PARTITION OF births_by_hash
	FOR VALUES WITH (MODULUS 4, REMAINDER 1);
CREATE TABLE births_by_hash_2 PARTITION OF births_by_hash
	FOR VALUES WITH (MODULUS 4, REMAINDER 2);
CREATE TABLE births_by_hash_3 PARTITION OF births_by_hash
	FOR VALUES WITH (MODULUS 4, REMAINDER 3);

-- One partition per province code from citizen_id_partition_bounds(), as
-- the README shows
CREATE TABLE births_by_province (
	id citizen_id PRIMARY KEY,
	province text,
	sex text,
	birth_date date,
	CONSTRAINT births_by_province_registered_at_home
		CHECK (registered_abroad(id) = false)
) PARTITION BY RANGE (id);
DO \$\$
DECLARE
	b record;
BEGIN
	FOR b IN SELECT * FROM citizen_id_partition_bounds() LOOP
		EXECUTE format('CREATE TABLE %I PARTITION OF births_by_province '
			'FOR VALUES FROM (%L) TO (%s)',
			'births_by_province_' || b.partition_key, b.from_id,
			COALESCE(quote_literal(b.to_id), 'MAXVALUE'));
	END LOOP;
END
\$\$;
CREATE INDEX births_by_province_province_code
	ON births_by_province (province_code(id));

-- Row-level security with civid functions, as the README shows
ALTER TABLE births ENABLE ROW LEVEL SECURITY;
CREATE POLICY births_nghe_an ON births FOR SELECT TO PUBLIC
	USING (in_province(id, '040'));
CREATE POLICY births_checked ON births FOR INSERT TO PUBLIC
	WITH CHECK (citizen_id_matches(id, province, sex, birth_date));

CREATE TABLE imported (id citizen_id PRIMARY KEY);
"

echo "== insert $((rows_per_bucket * 4)) births through the trigger"
sql "$source_db" "
INSERT INTO births (province, sex, birth_date)
SELECT b.province, b.sex, date '1990-01-01' + (i % 365)
FROM (VALUES $buckets) AS b (province, sex),
	generate_series(1, $rows_per_bucket) AS i;
"
check_equal "births rows" $((rows_per_bucket * 4)) \
	"$(sql "$source_db" "SELECT count(*) FROM births")"
check_equal "births rows whose id disagrees with province, sex or birth year" 0 \
	"$(sql "$source_db" "
SELECT count(*) FROM births
WHERE province_code(id) <> province OR sex(id) <> sex
	OR birth_year(id) <> extract(year FROM birth_date)")"

echo "== register 1,000 numbers of another table with register_citizen_ids"
sql "$source_db" "
INSERT INTO imported
SELECT make_citizen_id('040', 'male', 1990, serial)
FROM generate_series(0, 999999, 1000) AS serial;
"
expected_new=$(sql "$source_db" "
SELECT count(*) FROM imported i
WHERE NOT EXISTS (SELECT FROM civid_registry.entries e WHERE e.id = i.id)")
check_equal "register_citizen_ids return value" "$expected_new" \
	"$(sql "$source_db" "SELECT register_citizen_ids('imported', 'id')")"

echo "== correct the sex of one birth, which replaces its number"
old_id=$(sql "$source_db" "
SELECT min(id) FROM births WHERE province = '040' AND sex = 'male'")
sql "$source_db" "UPDATE births SET sex = 'female' WHERE id = '$old_id'" >/dev/null
new_id=$(sql "$source_db" "
SELECT replaced_by FROM civid_registry.entries WHERE id = '$old_id'")
[ -n "$new_id" ] || fail "registry has no replacement for corrected number $old_id"
check_equal "status of corrected number $old_id" "cancelled|correction of sex" \
	"$(sql "$source_db" "
SELECT status || '|' || reason FROM civid_registry.entries WHERE id = '$old_id'")"
check_equal "births row of the replacement $new_id" "040|female" \
	"$(sql "$source_db" "SELECT province || '|' || sex FROM births WHERE id = '$new_id'")"
check_equal "births rows still holding $old_id" 0 \
	"$(sql "$source_db" "SELECT count(*) FROM births WHERE id = '$old_id'")"

echo "== correct the birth year of the same birth, a chain of two replacements"
sql "$source_db" "
UPDATE births SET birth_date = '1991-03-01' WHERE id = '$new_id'" >/dev/null
final_id=$(sql "$source_db" "
SELECT replaced_by FROM civid_registry.entries WHERE id = '$new_id'")
[ -n "$final_id" ] || fail "registry has no replacement for corrected number $new_id"
check_equal "status of corrected number $new_id" "cancelled|correction of birth year" \
	"$(sql "$source_db" "
SELECT status || '|' || reason FROM civid_registry.entries WHERE id = '$new_id'")"
check_equal "current_citizen_id($old_id)" "$final_id" \
	"$(sql "$source_db" "SELECT current_citizen_id('$old_id')")"

echo "== fill the partitioned tables, with 10 numbers each issued directly"
sql "$source_db" "
INSERT INTO births_by_hash SELECT * FROM births;
INSERT INTO births_by_hash
SELECT issue_citizen_id('079', 'male', date '2000-02-29'), '079', 'male',
	date '2000-02-29'
FROM generate_series(1, 10);
INSERT INTO births_by_province SELECT * FROM births;
INSERT INTO births_by_province
SELECT issue_citizen_id('079', 'female', 2001), '079', 'female', date '2001-01-01'
FROM generate_series(1, 10);
"
check_equal "rows in each births_by_hash partition > 0" 4 \
	"$(sql "$source_db" "SELECT count(DISTINCT tableoid) FROM births_by_hash")"
check_equal "partitions of births_by_province holding rows" \
	"births_by_province_001|1000 births_by_province_040|1000 births_by_province_079|10" \
	"$(sql "$source_db" "
SELECT string_agg(tableoid::regclass || '|' || n, ' ' ORDER BY tableoid::regclass::text)
FROM (SELECT tableoid, count(*) AS n FROM births_by_province GROUP BY tableoid) AS p")"

source_count=$(sql "$source_db" "SELECT count(*) FROM civid_registry.entries")
check_equal "source registry rows" $((rows_per_bucket * 4 + 2 + 20 + expected_new)) \
	"$source_count"
check_equal "source registry cancelled rows" 2 \
	"$(sql "$source_db" "
SELECT count(*) FROM civid_registry.entries WHERE status = 'cancelled'")"

# Queries whose output must be identical in the source and each restored
# database.  Each prints a complete, ordered listing.
declare -A listings=(
	[registry]="SELECT id, origin, status, replaced_by, reason, registered_at,
		registered_by, cancelled_at
		FROM civid_registry.entries ORDER BY id"
	[births]="SELECT * FROM births ORDER BY id"
	[births_by_hash]="SELECT tableoid::regclass, * FROM births_by_hash ORDER BY id"
	[births_by_province]="SELECT tableoid::regclass, * FROM births_by_province
		ORDER BY id"
	[imported]="SELECT * FROM imported ORDER BY id"
	[constraints]="SELECT c.conrelid::regclass, c.conname, pg_get_constraintdef(c.oid)
		FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
		WHERE r.relnamespace IN ('public'::regnamespace,
			'civid_registry'::regnamespace)
		ORDER BY c.conrelid::regclass::text, c.conname"
	[indexes]="SELECT schemaname, tablename, indexname, indexdef FROM pg_indexes
		WHERE schemaname IN ('public', 'civid_registry') ORDER BY 1, 2, 3"
	[triggers]="SELECT tgrelid::regclass, tgname, pg_get_triggerdef(oid)
		FROM pg_trigger WHERE NOT tgisinternal
		ORDER BY tgrelid::regclass::text, tgname"
	[partitions]="SELECT oid::regclass, pg_get_expr(relpartbound, oid)
		FROM pg_class WHERE relispartition ORDER BY oid::regclass::text"
	[policies]="SELECT tablename, policyname, cmd, roles, qual, with_check
		FROM pg_policies ORDER BY tablename, policyname"
	[row_security]="SELECT oid::regclass, relrowsecurity FROM pg_class
		WHERE relrowsecurity ORDER BY oid::regclass::text"
)

# Write every listing of a database to files named database.listing.
write_listings() {
	local database=$1 name
	for name in "${!listings[@]}"; do
		sql "$database" "${listings[$name]}" >"$work_dir/$database.$name"
	done
}

write_listings "$source_db"
psql -X -q -v ON_ERROR_STOP=1 -d "$source_db" \
	-c "\copy (SELECT id FROM civid_registry.entries) TO '$work_dir/source_ids'"

# NOTE: pg_dump warns "there are circular foreign-key constraints on this
# table: entries", because replaced_by references civid_registry.entries
# itself.  These dumps still restore: the registry's rows load in one COPY,
# and the foreign key is checked at the end of that statement.
echo "== pg_dump -Fc and -Fp"
pg_dump -Fc -f "$work_dir/dump.custom" "$source_db"
pg_dump -Fp -f "$work_dir/dump.sql" "$source_db"
grep -q "COPY civid_registry.entries" "$work_dir/dump.sql" ||
	fail "plain dump has no data for civid_registry.entries"
pass "plain dump contains the registry data"

echo "== pg_restore the custom dump into $custom_db"
createdb "$custom_db"
restore_status=0
pg_restore -d "$custom_db" "$work_dir/dump.custom" \
	2>"$work_dir/pg_restore.stderr" || restore_status=$?
cat "$work_dir/pg_restore.stderr" >&2
check_equal "pg_restore exit status" 0 "$restore_status"
check_equal "pg_restore messages on stderr" 0 \
	"$(wc -l <"$work_dir/pg_restore.stderr")"

echo "== psql -f the plain dump into $plain_db"
createdb "$plain_db"
restore_status=0
psql -X -q -v ON_ERROR_STOP=1 -d "$plain_db" -f "$work_dir/dump.sql" \
	>/dev/null 2>"$work_dir/psql.stderr" || restore_status=$?
cat "$work_dir/psql.stderr" >&2
check_equal "psql restore exit status" 0 "$restore_status"
check_equal "psql restore lines with ERROR or WARNING" 0 \
	"$(grep -c -E 'ERROR|WARNING' "$work_dir/psql.stderr" || true)"

# Check one restored database against the source, then issue numbers in it.
check_restored() {
	local database=$1 name

	echo "== $database: compare with the source"
	write_listings "$database"
	for name in $(printf '%s\n' "${!listings[@]}" | sort); do
		check_same_file "$database: $name" "$work_dir/$source_db.$name" \
			"$work_dir/$database.$name"
	done

	check_equal "$database: current_citizen_id($old_id)" "$final_id" \
		"$(sql "$database" "SELECT current_citizen_id('$old_id')")"

	echo "== $database: a cancelled number is still rejected"
	local output
	if output=$(sql "$database" "
INSERT INTO births VALUES ('$old_id', '040', 'male', '1990-01-01')" 2>&1); then
		fail "$database: inserting cancelled number $old_id succeeded"
	fi
	case $output in
	*"citizen ID $old_id is cancelled"*) pass "$database: $output" ;;
	*) fail "$database: unexpected error for cancelled $old_id: $output" ;;
	esac

	echo "== $database: issue $((new_numbers_per_bucket * 4)) numbers into the source's buckets"
	sql "$database" "
CREATE TABLE source_ids (id citizen_id);
CREATE TABLE new_ids (id citizen_id);
"
	psql -X -q -v ON_ERROR_STOP=1 -d "$database" \
		-c "\copy source_ids FROM '$work_dir/source_ids'"
	check_equal "$database: source ids loaded" "$source_count" \
		"$(sql "$database" "SELECT count(*) FROM source_ids")"

	local start_ms
	start_ms=$(date +%s%3N)
	sql "$database" "
INSERT INTO new_ids
SELECT issue_citizen_id(b.province, b.sex, 1990)
FROM (VALUES $buckets) AS b (province, sex),
	generate_series(1, $new_numbers_per_bucket);
"
	echo "issued in $(($(date +%s%3N) - start_ms)) ms"
	echo "source numbers per bucket and new numbers per bucket:"
	sql "$database" "
SELECT province_code(id), sex(id), birth_year(id),
	count(*) FILTER (WHERE src), count(*) FILTER (WHERE NOT src)
FROM (SELECT id, true AS src FROM source_ids
	UNION ALL SELECT id, false FROM new_ids) AS ids
GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"

	check_equal "$database: new numbers" $((new_numbers_per_bucket * 4)) \
		"$(sql "$database" "SELECT count(*) FROM new_ids")"
	check_equal "$database: distinct new numbers" $((new_numbers_per_bucket * 4)) \
		"$(sql "$database" "SELECT count(DISTINCT id) FROM new_ids")"
	check_equal "$database: new numbers outside the requested buckets" 0 \
		"$(sql "$database" "
SELECT count(*) FROM new_ids
WHERE province_code(id) NOT IN ('001', '040') OR birth_year(id) <> 1990")"
	check_equal "$database: new numbers equal to a source registry number" 0 \
		"$(sql "$database" "SELECT count(*) FROM new_ids JOIN source_ids USING (id)")"
	check_equal "$database: duplicate registry ids" 0 \
		"$(sql "$database" "
SELECT count(*) - count(DISTINCT id) FROM civid_registry.entries")"
	check_equal "$database: new numbers in the registry as issued and in force" \
		$((new_numbers_per_bucket * 4)) \
		"$(sql "$database" "
SELECT count(*) FROM new_ids JOIN civid_registry.entries e USING (id)
WHERE e.origin = 'issued' AND e.status = 'in force'")"
	check_equal "$database: registry rows" \
		$((source_count + new_numbers_per_bucket * 4)) \
		"$(sql "$database" "SELECT count(*) FROM civid_registry.entries")"

	echo "== $database: the trigger still issues a number"
	local trigger_id
	trigger_id=$(sql "$database" "
INSERT INTO births (id, province, sex, birth_date)
VALUES (NULL, 'Nghe An', 'male', '1990-06-15') RETURNING id")
	[ -n "$trigger_id" ] || fail "$database: the trigger left id null"
	pass "$database: trigger assigned $trigger_id"
	check_equal "$database: code, sex and year of $trigger_id" "040|male|1990" \
		"$(sql "$database" "
SELECT province_code(id) || '|' || sex(id) || '|' || birth_year(id)
FROM births WHERE id = '$trigger_id'")"
	check_equal "$database: $trigger_id in the source registry" 0 \
		"$(sql "$database" "SELECT count(*) FROM source_ids WHERE id = '$trigger_id'")"
	check_equal "$database: $trigger_id in the new numbers" 0 \
		"$(sql "$database" "SELECT count(*) FROM new_ids WHERE id = '$trigger_id'")"
	check_equal "$database: registry entry of $trigger_id" "issued|in force" \
		"$(sql "$database" "
SELECT origin || '|' || status FROM civid_registry.entries
WHERE id = '$trigger_id'")"
}

check_restored "$custom_db"
check_restored "$plain_db"

echo "dump_restore: all checks passed"
