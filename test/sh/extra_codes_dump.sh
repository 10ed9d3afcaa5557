#!/usr/bin/env bash
# Dump and restore a database that stores IDs with a code from the setting
# civid.extra_codes, a code assigned after civid's compiled table.
#
# pg_dump writes citizen_id values as text, and restoring them runs the
# input function, which accepts an extra code only while the setting lists
# it.  The recipe that works:
#
#   ALTER DATABASE mydb SET civid.extra_codes = '041';
#   pg_dump -C -Fc -f mydb.dump mydb
#   pg_restore -C -d postgres mydb.dump
#
# -C dumps the database-level setting with the database and restores it
# before the data.  To restore into a database created by hand, without
# -C, set civid.extra_codes on that database first.  Without the setting
# the COPY of every table holding such an ID fails, and pg_restore loads
# none of that table's rows.  This script checks all three cases.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

suffix=$$
source_db=civid_test_extra_codes_$suffix
unset_db=civid_test_extra_codes_unset_$suffix
set_db=civid_test_extra_codes_set_$suffix
work_dir=$(mktemp -d /tmp/civid-extra-codes.XXXXXX)

cleanup() {
	local database
	for database in "$source_db" "$unset_db" "$set_db"; do
		dropdb --if-exists "$database" || true
	done
	rm -rf "$work_dir"
}
trap cleanup EXIT

# Print the database-level settings of a database, one a line.
database_settings() {
	sql postgres "
SELECT unnest(s.setconfig) FROM pg_db_role_setting s
JOIN pg_database d ON d.oid = s.setdatabase
WHERE d.datname = '$1' AND s.setrole = 0"
}

people_listing="SELECT id, note FROM people ORDER BY id"
expected_people="040226123457|assigned code
041099000123|extra code"

echo "== $source_db: ALTER DATABASE ... SET civid.extra_codes = '041'"
createdb "$source_db"
sql "$source_db" "
CREATE EXTENSION civid;
ALTER DATABASE $source_db SET civid.extra_codes = '041';
"
check_equal "$source_db: database setting" "civid.extra_codes=041" \
	"$(database_settings "$source_db")"

# Each sql call is a new connection, which reads the database setting
check_equal "$source_db: civid.extra_codes after reconnecting" "041" \
	"$(sql "$source_db" "SHOW civid.extra_codes")"
sql "$source_db" "
CREATE TABLE people (id citizen_id PRIMARY KEY, note text NOT NULL);
INSERT INTO people VALUES ('041099000123', 'extra code'),
	('040226123457', 'assigned code');
"
check_equal "$source_db: people" "$expected_people" \
	"$(sql "$source_db" "$people_listing")"
check_equal "$source_db: province_code of the extra code" "041" \
	"$(sql "$source_db" "SELECT province_code('041099000123')")"

# A session with the setting reset cannot read the text back
output=$(sql "$source_db" "
SET civid.extra_codes = '';
SELECT '041099000123'::citizen_id;" 2>&1) &&
	fail "$source_db: '041099000123' accepted with civid.extra_codes reset"
case $output in
*'invalid input syntax for type citizen_id: "041099000123"'*)
	pass "$source_db: rejected with the setting reset: ${output%%$'\n'*}" ;;
*) fail "$source_db: unexpected output with the setting reset: $output" ;;
esac

echo "== pg_dump -C -Fc, drop $source_db, pg_restore -C -d postgres"
pg_dump -C -Fc -f "$work_dir/dump.custom" "$source_db"
dropdb "$source_db"

restore_status=0
pg_restore -C -d postgres "$work_dir/dump.custom" \
	2>"$work_dir/restore_create.stderr" || restore_status=$?
cat "$work_dir/restore_create.stderr" >&2
check_equal "pg_restore -C exit status" 0 "$restore_status"
check_equal "pg_restore -C messages on stderr" 0 \
	"$(wc -l <"$work_dir/restore_create.stderr")"
check_equal "$source_db restored: database setting" "civid.extra_codes=041" \
	"$(database_settings "$source_db")"
check_equal "$source_db restored: people" "$expected_people" \
	"$(sql "$source_db" "$people_listing")"

echo "== pg_restore into $unset_db, created by hand without the setting"
createdb "$unset_db"
restore_status=0
pg_restore -d "$unset_db" "$work_dir/dump.custom" \
	2>"$work_dir/restore_unset.stderr" || restore_status=$?
cat "$work_dir/restore_unset.stderr"
[ "$restore_status" -ne 0 ] ||
	fail "$unset_db: pg_restore succeeded without civid.extra_codes"
pass "$unset_db: pg_restore exit status $restore_status"
grep -q 'invalid input syntax for type citizen_id: "041099000123"' \
	"$work_dir/restore_unset.stderr" ||
	fail "$unset_db: pg_restore did not report the row with code 041"
pass "$unset_db: pg_restore reports the row with code 041"
check_equal "$unset_db: database settings" "" "$(database_settings "$unset_db")"
check_equal "$unset_db: people rows, the COPY failed as a whole" 0 \
	"$(sql "$unset_db" "SELECT count(*) FROM people")"

echo "== pg_restore into $set_db, created by hand with the setting"
createdb "$set_db"
sql "$set_db" "ALTER DATABASE $set_db SET civid.extra_codes = '041'"
restore_status=0
pg_restore -d "$set_db" "$work_dir/dump.custom" \
	2>"$work_dir/restore_set.stderr" || restore_status=$?
cat "$work_dir/restore_set.stderr" >&2
check_equal "$set_db: pg_restore exit status" 0 "$restore_status"
check_equal "$set_db: people" "$expected_people" \
	"$(sql "$set_db" "$people_listing")"

echo "extra_codes_dump: all checks passed"
