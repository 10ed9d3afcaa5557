#!/usr/bin/env bash
# Try to store invalid citizen IDs through every input path PostgreSQL
# offers: literals, casts, COPY in text, CSV and binary format, arrays,
# composite, domain and range types, JSON, PL/pgSQL, ALTER COLUMN TYPE,
# postgres_fdw and logical replication.  Each attempt must fail with the
# expected SQLSTATE and leave its target table exactly as it was.  The
# script tries every case, prints one table of the results and exits 1 if
# any case went wrong.
#
# Logical replication needs wal_level = logical, so that part runs on a
# cluster of its own, made with initdb in a temporary folder and reachable
# only through a Unix socket there.  It loads civid from the same
# extension_destdir as the server the PG* variables name.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

suffix=$$
database=civid_test_side_doors_$suffix
remote_db=civid_test_side_doors_remote_$suffix
work_dir=$(mktemp -d /tmp/civid-side-doors.XXXXXX)

# The bad values, as text and as bigint, and the SQLSTATE the cast from
# bigint raises for each: 22003 outside 0 to 999999999999, 22P02 for an
# unassigned code.  Text input and binary receive reject all four with
# 22P02 and 22P03.
bad_texts=(043188012345 -5 1000000000000 000000000005)
bad_bigints=(43188012345 -5 1000000000000 5)
bigint_states=(22P02 22003 22003 22P02)

# initdb and postgres refuse to run as root, so as root the script runs
# the replication cluster as the user postgres.
if [ "$(id -u)" -eq 0 ]; then
	cluster_user=postgres
else
	cluster_user=$(id -un)
fi
bindir=$("${PG_CONFIG:-pg_config}" --bindir)
cluster_dir=$work_dir/cluster

cleanup() {
	if [ -f "$cluster_dir/data/postmaster.pid" ]; then
		as_cluster_user "$bindir/pg_ctl" -D "$cluster_dir/data" -m immediate \
			stop >/dev/null 2>&1 || true
	fi
	dropdb --if-exists "$database" || true
	dropdb --if-exists "$remote_db" || true
	rm -rf "$work_dir"
}
trap cleanup EXIT

# Run a command as the server user of the replication cluster.
as_cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$cluster_user" -- "$@"
	else
		"$@"
	fi
}

results=$work_dir/results
failures=0

# Print a query that returns the column types, row count and rows of a
# table, sorted, on one line.
table_state_query() {
	local table=$1
	echo "SELECT (SELECT string_agg(format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
		FROM pg_attribute a
		WHERE a.attrelid = '$table'::regclass AND a.attnum > 0
			AND NOT a.attisdropped)
	|| ' | ' || count(*) || ' rows | '
	|| coalesce(string_agg(r::text, ' ' ORDER BY r::text), '')
FROM $table r;"
}

# Print the SQLSTATE of the first error in psql output written with
# VERBOSITY verbose, or "none".
first_sqlstate() {
	local state
	state=$(grep -o -m 1 -E 'ERROR:  [0-9A-Z]{5}:' <<<"$1" | cut -c 9-13 || true)
	echo "${state:-none}"
}

# Record one case: the path, the value, the expected and actual SQLSTATE,
# and whether the target table is unchanged.
record() {
	local path=$1 value=$2 expected=$3 got=$4 unchanged=$5 verdict=ok
	if [ "$got" != "$expected" ] || [ "$unchanged" != yes ]; then
		verdict=FAIL
		failures=$((failures + 1))
	fi
	printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$path" "$value" "$expected" "$got" \
		"$unchanged" "$verdict" >>"$results"
}

# Run psql input (SQL and psql meta-commands such as \copy) in the test
# database, expect it to fail with the given SQLSTATE, and check that the
# table is unchanged.  One psql session reads the table, runs the input and
# reads the table again, and a failed input does not stop it.  On a
# mismatch the psql messages go to stderr.
try_case() {
	local path=$1 value=$2 expected=$3 table=$4 input=$5
	local before=$work_dir/before after=$work_dir/after messages got unchanged=yes
	messages=$(psql -X -q -A -t -v VERBOSITY=verbose -d "$database" 2>&1 >/dev/null <<EOF
\o $before
$(table_state_query "$table")
\o /dev/null
$input
\o $after
$(table_state_query "$table")
EOF
	)
	got=$(first_sqlstate "$messages")
	if [ ! -s "$before" ]; then
		printf '%s\n' "$messages" >&2
		fail "$path ($value): could not read table $table"
	fi
	if ! cmp -s "$before" "$after"; then
		unchanged=no
		echo "$path ($value): $table changed from '$(cat "$before")' to '$(cat "$after")'" >&2
	fi
	if [ "$got" != "$expected" ]; then
		echo "$path ($value): expected $expected, got $got:" >&2
		printf '%s\n' "$messages" >&2
	fi
	record "$path" "$value" "$expected" "$got" "$unchanged"
}

echo "== database $database"
createdb "$database"
sql "$database" "
CREATE EXTENSION civid;

CREATE TABLE t (id citizen_id);
INSERT INTO t VALUES ('020093001656'), ('035199000123'), ('101205000257');

-- Sources of INSERT ... SELECT: k = 0 marks the valid rows, k = 1 to 4 the
-- bad values in the order of the lists above.
CREATE TABLE source_text (k integer NOT NULL, v text NOT NULL);
CREATE TABLE source_bigint (k integer NOT NULL, v bigint NOT NULL);
INSERT INTO source_text VALUES (0, '001099000123'), (0, '040226000001');
INSERT INTO source_bigint VALUES (0, 101205000257), (0, 113099000001);

CREATE TABLE t_array (ids citizen_id[]);
INSERT INTO t_array VALUES ('{001099000123,040226000001}');

CREATE TYPE a_type AS (id citizen_id);
CREATE TABLE t_composite (c a_type);
INSERT INTO t_composite VALUES (ROW('001099000123'));

CREATE DOMAIN citizen_id_any AS citizen_id;
CREATE DOMAIN citizen_id_ha_noi AS citizen_id
	CHECK (province_code(VALUE) = '001');
CREATE TABLE t_domain (id citizen_id_any);
CREATE TABLE t_domain_check (id citizen_id_ha_noi);
INSERT INTO t_domain VALUES ('040226000001');
INSERT INTO t_domain_check VALUES ('001099000123');

CREATE TYPE citizen_id_range AS RANGE (SUBTYPE = citizen_id);
CREATE TABLE t_range (r citizen_id_range);
INSERT INTO t_range VALUES ('[001099000123,040226000001]');

CREATE TABLE alter_from_bigint (id bigint);
CREATE TABLE alter_from_text (id text);
"
for i in 1 2 3 4; do
	sql "$database" "
INSERT INTO source_text VALUES ($i, '${bad_texts[i - 1]}');
INSERT INTO source_bigint VALUES ($i, ${bad_bigints[i - 1]});"
done

# Valid values go into the same tables, so each rejection below is caused
# by the bad value alone.
check_equal "valid text through every table" \
	"3|1|1|1|1|1" "$(sql "$database" "
SELECT (SELECT count(*) FROM t) || '|' || (SELECT count(*) FROM t_array) || '|'
	|| (SELECT count(*) FROM t_composite) || '|' || (SELECT count(*) FROM t_domain)
	|| '|' || (SELECT count(*) FROM t_domain_check) || '|'
	|| (SELECT count(*) FROM t_range)")"
check_equal "valid bigint sources cast to citizen_id" "101205000257 113099000001" \
	"$(sql "$database" "
SELECT string_agg(citizen_id(v)::text, ' ' ORDER BY v) FROM source_bigint WHERE k = 0")"

echo "== literals, casts, functions and SQL statements"
for i in 1 2 3 4; do
	v=${bad_texts[i - 1]}
	b=${bad_bigints[i - 1]}
	b_state=${bigint_states[i - 1]}

	try_case "text literal" "$v" 22P02 t \
		"INSERT INTO t VALUES ('$v');"
	try_case "INSERT SELECT text column::citizen_id" "$v" 22P02 t \
		"INSERT INTO t SELECT v::citizen_id FROM source_text WHERE k IN (0, $i) ORDER BY k;"
	try_case "cast from text" "$v" 22P02 t \
		"INSERT INTO t VALUES ('$v'::text::citizen_id);"
	try_case "cast from varchar" "$v" 22P02 t \
		"INSERT INTO t VALUES (CAST('$v'::varchar AS citizen_id));"
	try_case "to_citizen_id" "$v" 22P02 t \
		"INSERT INTO t VALUES (to_citizen_id('$v'));"
	try_case "cast from bigint" "$b" "$b_state" t \
		"INSERT INTO t VALUES (($b)::bigint::citizen_id);"
	try_case "INSERT SELECT citizen_id(bigint column)" "$b" "$b_state" t \
		"INSERT INTO t SELECT citizen_id(v) FROM source_bigint WHERE k IN (0, $i) ORDER BY k;"
	try_case "UPDATE SET id" "$v" 22P02 t \
		"UPDATE t SET id = '$v' WHERE id = '035199000123';"
	try_case "PREPARE and EXECUTE" "$v" 22P02 t "
PREPARE insert_id (citizen_id) AS INSERT INTO t VALUES (\$1);
EXECUTE insert_id ('$v');"
	try_case "PL/pgSQL assignment from text" "$v" 22P02 t "
DO \$\$
DECLARE
	v citizen_id;
BEGIN
	v := '$v'::text;
	INSERT INTO t VALUES (v);
END
\$\$;"
	# PL/pgSQL falls back to I/O conversion where no assignment cast
	# exists, so a bigint goes through int8out and citizen_id_in.
	try_case "PL/pgSQL assignment from bigint" "$b" 22P02 t "
DO \$\$
DECLARE
	v citizen_id;
BEGIN
	v := ($b)::bigint;
	INSERT INTO t VALUES (v);
END
\$\$;"
	try_case "jsonb_populate_record, JSON string" "$v" 22P02 t \
		"INSERT INTO t SELECT * FROM jsonb_populate_record(NULL::t, '{\"id\": \"$v\"}');"
	try_case "jsonb_populate_record, JSON number" "$b" 22P02 t \
		"INSERT INTO t SELECT * FROM jsonb_populate_record(NULL::t, '{\"id\": $b}');"
done

# No assignment cast leads to citizen_id, so these fail before any value
# is read.
try_case "INSERT SELECT text column, no cast" "${bad_texts[0]}" 42804 t \
	"INSERT INTO t SELECT v FROM source_text WHERE k = 1;"
try_case "INSERT bigint, no cast" "${bad_bigints[0]}" 42804 t \
	"INSERT INTO t VALUES (${bad_bigints[0]}::bigint);"

echo "== make_citizen_id with bad fields"
while IFS='|' read -r arguments; do
	try_case "make_citizen_id" "$arguments" 22023 t \
		"INSERT INTO t VALUES (make_citizen_id($arguments));"
done <<'EOF'
'043', 'male', 1988, 12345
'000', 'male', 1988, 12345
'297', 'male', 1988, 12345
'1000', 'male', 1988, 12345
'', 'male', 1988, 12345
'4a', 'male', 1988, 12345
'040', 'x', 1988, 12345
'040', '', 1988, 12345
'040', 'male', 1899, 12345
'040', 'male', 2400, 12345
'040', 'male', 1988, -1
'040', 'male', 1988, 1000000
EOF

echo "== COPY FROM in text, CSV and binary format"
for i in 1 2 3 4; do
	v=${bad_texts[i - 1]}
	b=${bad_bigints[i - 1]}
	file=$work_dir/copy_$i

	printf '001099000123\n%s\n040226000001\n' "$v" >"$file.txt"
	try_case "text COPY" "$v" 22P02 t "\\copy t FROM '$file.txt'"
	try_case "CSV COPY" "$v" 22P02 t "\\copy t FROM '$file.txt' (FORMAT csv)"

	# Binary files of valid rows around the bad one, written by COPY TO.
	# record_recv checks the column type OID in the data only when both
	# types are built in (src/backend/utils/adt/rowtypes.c), so int8 data
	# reaches citizen_id_recv, and these cases show that PostgreSQL 15 does
	# the same for arrays and ranges.
	psql -X -q -v ON_ERROR_STOP=1 -d "$database" <<EOF
\\copy (SELECT v FROM (VALUES (1, 101205000257::bigint), (2, $b), (3, 113099000001)) AS s (n, v) ORDER BY n) TO '$file.int8.bin' (FORMAT binary)
\\copy (SELECT v FROM (VALUES (1, '001099000123'::text), (2, '$v')) AS s (n, v) ORDER BY n) TO '$file.text.bin' (FORMAT binary)
\\copy (SELECT ARRAY[101205000257, $b]::bigint[]) TO '$file.int8_array.bin' (FORMAT binary)
\\copy (SELECT ROW(($b)::bigint)) TO '$file.int8_row.bin' (FORMAT binary)
\\copy (SELECT int8range(least(101205000257, $b), greatest(101205000257, $b), '[]')) TO '$file.int8range.bin' (FORMAT binary)
EOF
	try_case "binary COPY of int8" "$b" 22P03 t \
		"\\copy t FROM '$file.int8.bin' (FORMAT binary)"
	# citizen_id_recv reads 8 of the 12 or 13 bytes as an integer out of range
	try_case "binary COPY of text" "$v" 22P03 t \
		"\\copy t FROM '$file.text.bin' (FORMAT binary)"
	try_case "binary COPY of int8[] into citizen_id[]" "$b" 22P03 t_array \
		"\\copy t_array FROM '$file.int8_array.bin' (FORMAT binary)"
	try_case "binary COPY of ROW(int8) into a_type" "$b" 22P03 t_composite \
		"\\copy t_composite FROM '$file.int8_row.bin' (FORMAT binary)"
	try_case "binary COPY of int8 into domain" "$b" 22P03 t_domain \
		"\\copy t_domain FROM '$file.int8.bin' (FORMAT binary)"
	try_case "binary COPY of int8range into range" "$b" 22P03 t_range \
		"\\copy t_range FROM '$file.int8range.bin' (FORMAT binary)"
done

# One server-side COPY: the server writes and reads the file itself.
server_dir=$work_dir/server
mkdir "$server_dir"
chmod 755 "$work_dir"
chmod 1777 "$server_dir"
sql "$database" "
COPY (SELECT (${bad_bigints[0]})::bigint) TO '$server_dir/int8.bin' (FORMAT binary)" >/dev/null
try_case "server-side binary COPY of int8" "${bad_bigints[0]}" 22P03 t \
	"COPY t FROM '$server_dir/int8.bin' (FORMAT binary);"

echo "== arrays, composite, domain and range types"
for i in 1 2 3 4; do
	v=${bad_texts[i - 1]}
	b=${bad_bigints[i - 1]}
	b_state=${bigint_states[i - 1]}

	try_case "array literal" "$v" 22P02 t_array \
		"INSERT INTO t_array VALUES ('{001099000123,$v}'::citizen_id[]);"
	try_case "array_agg of text::citizen_id[]" "$v" 22P02 t_array \
		"INSERT INTO t_array SELECT array_agg(v ORDER BY k)::citizen_id[] FROM source_text WHERE k IN (0, $i);"
	try_case "bigint[]::citizen_id[]" "$b" "$b_state" t_array \
		"INSERT INTO t_array VALUES (ARRAY[101205000257, $b]::bigint[]::citizen_id[]);"
	try_case "ROW(text)::a_type" "$v" 22P02 t_composite \
		"INSERT INTO t_composite VALUES (ROW('$v')::a_type);"
	try_case "composite text input" "$v" 22P02 t_composite \
		"INSERT INTO t_composite VALUES ('($v)');"
	try_case "ROW(bigint)::a_type" "$b" "$b_state" t_composite \
		"INSERT INTO t_composite VALUES (ROW(($b)::bigint)::a_type);"
	try_case "domain, text literal" "$v" 22P02 t_domain \
		"INSERT INTO t_domain VALUES ('$v');"
	try_case "domain, cast from bigint" "$b" "$b_state" t_domain \
		"INSERT INTO t_domain VALUES (($b)::bigint::citizen_id_any);"
	try_case "domain with CHECK, text literal" "$v" 22P02 t_domain_check \
		"INSERT INTO t_domain_check VALUES ('$v');"
	try_case "range literal" "$v" 22P02 t_range \
		"INSERT INTO t_range VALUES ('[001099000123,$v]');"
	try_case "range constructor" "$v" 22P02 t_range \
		"INSERT INTO t_range VALUES (citizen_id_range('001099000123', '$v', '[]'));"
done
# The domain's own CHECK still applies to a valid number of another province
try_case "domain with CHECK, valid 040 number" 040226000001 23514 t_domain_check \
	"INSERT INTO t_domain_check VALUES ('040226000001');"

echo "== ALTER COLUMN TYPE citizen_id"
for i in 1 2 3 4; do
	v=${bad_texts[i - 1]}
	b=${bad_bigints[i - 1]}
	sql "$database" "
TRUNCATE alter_from_bigint, alter_from_text;
INSERT INTO alter_from_bigint VALUES (101205000257), ($b);
INSERT INTO alter_from_text VALUES ('001099000123'), ('$v');"
	try_case "ALTER COLUMN TYPE USING bigint::citizen_id" "$b" "${bigint_states[i - 1]}" \
		alter_from_bigint \
		"ALTER TABLE alter_from_bigint ALTER COLUMN id TYPE citizen_id USING id::citizen_id;"
	try_case "ALTER COLUMN TYPE USING text::citizen_id" "$v" 22P02 alter_from_text \
		"ALTER TABLE alter_from_text ALTER COLUMN id TYPE citizen_id USING id::citizen_id;"
done
try_case "ALTER COLUMN TYPE from text, no USING" "${bad_texts[3]}" 42804 alter_from_text \
	"ALTER TABLE alter_from_text ALTER COLUMN id TYPE citizen_id;"

echo "== postgres_fdw from $remote_db"
createdb "$remote_db"
sql "$remote_db" "
CREATE TABLE remote_bigint (k integer NOT NULL, id bigint NOT NULL);
CREATE TABLE remote_text (k integer NOT NULL, id text NOT NULL);
INSERT INTO remote_bigint VALUES (0, 101205000257), (0, 113099000001);
INSERT INTO remote_text VALUES (0, '001099000123'), (0, '040226000001');"
for i in 1 2 3 4; do
	sql "$remote_db" "
INSERT INTO remote_bigint VALUES ($i, ${bad_bigints[i - 1]});
INSERT INTO remote_text VALUES ($i, '${bad_texts[i - 1]}');"
done

# The server reaches the remote database the way this script does, as in
# fdw.sh: through PGHOST and PGPORT, or psql's defaults.
host=${PGHOST:-$(psql -X -A -t -d "$database" -c '\echo :HOST')}
port=${PGPORT:-$(psql -X -A -t -d "$database" -c '\echo :PORT')}
user=${PGUSER:-$(psql -X -A -t -d "$database" -c '\echo :USER')}
password_option=()
if [ -n "${PGPASSWORD:-}" ]; then
	password_option=(-v password="$PGPASSWORD")
fi
psql -X -q -v ON_ERROR_STOP=1 -d "$database" \
	-v host="$host" -v port="$port" -v dbname="$remote_db" -v user="$user" \
	"${password_option[@]}" <<'SQL'
CREATE EXTENSION postgres_fdw;
CREATE SERVER remote FOREIGN DATA WRAPPER postgres_fdw
	OPTIONS (host :'host', port :'port', dbname :'dbname');
\if :{?password}
CREATE USER MAPPING FOR CURRENT_USER SERVER remote
	OPTIONS (user :'user', password :'password');
\else
CREATE USER MAPPING FOR CURRENT_USER SERVER remote OPTIONS (user :'user');
\endif
CREATE FOREIGN TABLE foreign_bigint (k integer, id citizen_id)
	SERVER remote OPTIONS (table_name 'remote_bigint');
CREATE FOREIGN TABLE foreign_text (k integer, id citizen_id)
	SERVER remote OPTIONS (table_name 'remote_text');
SQL

# The valid remote rows arrive.  A bigint's text has no leading zeros, so
# only codes from 101 up give 12 digits.
check_equal "foreign_bigint valid rows" "101205000257 113099000001" \
	"$(sql "$database" "SELECT string_agg(id::text, ' ' ORDER BY id) FROM foreign_bigint WHERE k = 0")"
check_equal "foreign_text valid rows" "001099000123 040226000001" \
	"$(sql "$database" "SELECT string_agg(id::text, ' ' ORDER BY id) FROM foreign_text WHERE k = 0")"

# postgres_fdw fetches every column as text and converts it with the local
# type's input function, so bigint values fail with 22P02 as well.
for i in 1 2 3 4; do
	v=${bad_texts[i - 1]}
	b=${bad_bigints[i - 1]}
	try_case "postgres_fdw SELECT, remote bigint" "$b" 22P02 t \
		"SELECT id FROM foreign_bigint WHERE k = $i;"
	try_case "postgres_fdw INSERT SELECT, remote bigint" "$b" 22P02 t \
		"INSERT INTO t SELECT id FROM foreign_bigint WHERE k IN (0, $i);"
	try_case "postgres_fdw SELECT, remote text" "$v" 22P02 t \
		"SELECT id FROM foreign_text WHERE k = $i;"
	try_case "postgres_fdw INSERT SELECT, remote text" "$v" 22P02 t \
		"INSERT INTO t SELECT id FROM foreign_text WHERE k IN (0, $i);"
done

echo "== logical replication on a cluster with wal_level = logical (at $SECONDS s)"
stage=$(psql -X -A -t -d "$database" -c "SHOW extension_destdir")
# The server user must reach its folder inside the work folder
chmod 755 "$work_dir"
mkdir "$cluster_dir"
chown "$cluster_user" "$cluster_dir"
chmod 700 "$cluster_dir"
as_cluster_user "$bindir/initdb" -D "$cluster_dir/data" -U "$cluster_user" \
	-A trust -E UTF8 --no-locale >"$work_dir/initdb.log" 2>&1 ||
	{ cat "$work_dir/initdb.log" >&2; fail "initdb failed"; }
# With no TCP listener and the socket in a private folder, no other server
# can hold this port.
cluster_port=$((20000 + RANDOM % 10000))
as_cluster_user tee -a "$cluster_dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = ''
unix_socket_directories = '$cluster_dir'
port = $cluster_port
wal_level = logical
max_replication_slots = 64
# The launcher starts at most one apply worker per interval (5 s by default)
wal_retrieve_retry_interval = '100ms'
log_line_prefix = '%m [%p] %e '
extension_destdir = '$stage'
EOF
cluster_log=$cluster_dir/server.log
as_cluster_user "$bindir/pg_ctl" -D "$cluster_dir/data" -l "$cluster_log" -w -t 60 \
	start >/dev/null || { cat "$cluster_log" >&2; fail "pg_ctl start failed"; }

# Run one SQL string in a database of the replication cluster, as sql does.
cluster_sql() {
	local database=$1
	shift
	PGHOST=$cluster_dir PGPORT=$cluster_port PGUSER=$cluster_user PGPASSWORD= \
		"$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -d "$database" -c "$*"
}

cluster_sql postgres "CREATE DATABASE publisher"
cluster_sql postgres "CREATE DATABASE subscriber"
cluster_sql subscriber "CREATE EXTENSION civid"
connection="host=$cluster_dir port=$cluster_port user=$cluster_user dbname=publisher"

# Wait until a query in the subscriber database prints the expected value,
# for at most 30 seconds.
wait_for() {
	local label=$1 expected=$2 query=$3 tries=0 actual
	while :; do
		actual=$(cluster_sql subscriber "$query") || return 1
		[ "$actual" = "$expected" ] && return 0
		tries=$((tries + 1))
		if [ "$tries" -ge 300 ]; then
			echo "$label: expected '$expected', got '$actual' after 30 s" >&2
			return 1
		fi
		sleep 0.1
	done
}

log_size() {
	stat -c %s "$cluster_log"
}

# Print the server log written after a byte offset.
log_since() {
	tail -c +$(($1 + 1)) "$cluster_log"
}

# Print the SQLSTATE of the first ERROR the server logged after a byte
# offset, or "none".
logged_sqlstate() {
	local offset=$1 state
	state=$(log_since "$offset" |
		grep -o -m 1 -E '\] [0-9A-Z]{5} ERROR:' | cut -c 3-7 || true)
	echo "${state:-none}"
}

# Create a table in both databases, text or bigint on the publisher and
# citizen_id on the subscriber, a publication and its slot.  The slot is
# made by hand, because CREATE SUBSCRIPTION cannot create a slot in its own
# cluster: slot creation waits for the CREATE SUBSCRIPTION transaction.
prepare_replication() {
	local name=$1 publisher_type=$2 rows=$3
	cluster_sql publisher "
CREATE TABLE $name (k integer PRIMARY KEY, id $publisher_type NOT NULL);
INSERT INTO $name VALUES $rows;
CREATE PUBLICATION $name FOR TABLE $name;"
	cluster_sql publisher "
SELECT pg_create_logical_replication_slot('$name', 'pgoutput')" >/dev/null
	cluster_sql subscriber "
CREATE TABLE $name (k integer PRIMARY KEY, id citizen_id NOT NULL);"
}

# Create the subscription.  disable_on_error stops it at the first error,
# so each case has one error to look at.
subscribe() {
	local name=$1 binary=$2
	cluster_sql subscriber "
CREATE SUBSCRIPTION $name CONNECTION '$connection' PUBLICATION $name
	WITH (create_slot = false, slot_name = '$name', copy_data = true,
		binary = $binary, disable_on_error = true);"
}

# Print the row count and rows of a subscriber table, sorted, on one line.
table_state_in_cluster() {
	local table=$1
	cluster_sql subscriber "
SELECT count(*) || ' rows | ' || coalesce(string_agg(r::text, ' ' ORDER BY r::text), '')
FROM $table r"
}

# Wait until the error disabled the subscription and the statistics count
# it, then record the SQLSTATE in the log and compare the table.
finish_replication_case() {
	local path=$1 value=$2 expected=$3 name=$4 before=$5 offset=$6 counter=$7
	local got=none after unchanged=yes
	if wait_for "$name disabled and its $counter counted" "false|1" "
SELECT s.subenabled::text || '|' || st.$counter
FROM pg_subscription s JOIN pg_stat_subscription_stats st ON st.subid = s.oid
WHERE s.subname = '$name'"; then
		got=$(logged_sqlstate "$offset")
	fi
	if [ "$got" != "$expected" ]; then
		echo "$path ($value): expected $expected, got $got. Server log:" >&2
		log_since "$offset" >&2
	fi
	after=$(table_state_in_cluster "$name")
	if [ "$before" != "$after" ]; then
		unchanged=no
		echo "$path ($value): $name changed from '$before' to '$after'" >&2
	fi
	record "$path" "$value" "$expected" "$got" "$unchanged"
}

for i in 1 2 3 4; do
	v=${bad_texts[i - 1]}
	b=${bad_bigints[i - 1]}

	# Initial synchronization: the table sync worker copies the rows with
	# COPY in text format into the subscriber's table.
	for publisher_type in text bigint; do
		name=sync_${publisher_type}_$i
		if [ "$publisher_type" = text ]; then
			value=$v
			rows="(1, '001099000123'), (2, '$v'), (3, '040226000001')"
		else
			value=$b
			rows="(1, 101205000257), (2, $b), (3, 113099000001)"
		fi
		prepare_replication "$name" "$publisher_type" "$rows"
		before=$(table_state_in_cluster "$name")
		offset=$(log_size)
		subscribe "$name" false
		finish_replication_case "replication sync, $publisher_type column" "$value" \
			22P02 "$name" "$before" "$offset" sync_error_count
	done

	# Streaming: one valid row arrives through the initial sync, then one
	# transaction inserts a valid row and a bad one.  In text mode the apply
	# worker reads values with citizen_id_in, in binary mode with
	# citizen_id_recv.
	for mode in text_text bigint_text bigint_binary; do
		name=apply_${mode}_$i
		publisher_type=${mode%_*}
		if [ "$publisher_type" = text ]; then
			value=$v
			first="(1, '001099000123')"
			second="(2, '040226000001'), (3, '$v')"
		else
			value=$b
			first="(1, 101205000257)"
			second="(2, 113099000001), (3, $b)"
		fi
		if [ "${mode#*_}" = binary ]; then
			binary=true
			expected=22P03
		else
			binary=false
			expected=22P02
		fi
		prepare_replication "$name" "$publisher_type" "$first"
		subscribe "$name" "$binary"
		wait_for "$name synchronized" "r|1" "
SELECT r.srsubstate::text || '|' || (SELECT count(*) FROM $name)
FROM pg_subscription_rel r WHERE r.srrelid = '$name'::regclass" ||
			fail "initial synchronization of $name did not finish"
		before=$(table_state_in_cluster "$name")
		offset=$(log_size)
		cluster_sql publisher "INSERT INTO $name VALUES $second"
		finish_replication_case \
			"replication apply, $publisher_type column, binary = $binary" \
			"$value" "$expected" "$name" "$before" "$offset" apply_error_count
	done
done

echo
echo "== results"
{
	printf 'path\tvalue\texpected\tgot\tunchanged\tverdict\n'
	cat "$results"
} | awk -F '\t' '
	{ rows[NR] = $0; for (i = 1; i <= NF; i++) if (length($i) > width[i]) width[i] = length($i) }
	END {
		for (r = 1; r <= NR; r++) {
			n = split(rows[r], field, "\t")
			line = ""
			for (i = 1; i <= n; i++)
				line = line (i > 1 ? " | " : "") sprintf("%-" width[i] "s", field[i])
			print line
		}
	}'
echo "cases: $(wc -l <"$results"), failed: $failures, in $SECONDS s"

if [ "$failures" -gt 0 ]; then
	fail "$failures cases were not rejected as expected"
fi
echo "side_doors: all checks passed"
