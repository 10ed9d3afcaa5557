#!/usr/bin/env bash
# Check that look-alike functions and operators earlier in search_path
# change nothing that civid does.  A schema evil defines functions such as
# now(), lower(text) and province_lower(text), and operators such as
# = (text, text), = (bigint, bigint) and + (integer, integer), each of
# which raises a NOTICE and writes a row to evil.calls.  The databases use
# ALTER DATABASE SET search_path with evil first, and civid is created
# after evil exists.  After CREATE EXTENSION, evil also gets the
# comparison operators on citizen_id.
#
# A fixed script runs in a clean database and in each hostile database,
# and its output must be the same.  The script names civid's functions
# and the built-in operators it uses with their schema, so that only
# civid's own code could reach evil.  It prints no issued number, only
# decoded fields, counts and registry statuses, because the serials are
# random.  evil.calls must stay empty.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

suffix=$$
clean_db=civid_test_search_path_clean_$suffix
# Two hostile search paths.  pg_catalog is searched first unless the path
# names it, so only the second lets evil shadow a built-in of the same
# signature.
hostile_dbs=(civid_test_search_path_implicit_$suffix civid_test_search_path_explicit_$suffix)
hostile_paths=("evil, public" "evil, pg_catalog, public")
reachable_counts=(6 16)
work_dir=$(mktemp -d /tmp/civid-search-path.XXXXXX)

cleanup() {
	local database
	for database in "$clean_db" "${hostile_dbs[@]}"; do
		dropdb --if-exists "$database" || true
	done
	rm -rf "$work_dir"
}
trap cleanup EXIT

# Objects that exist before CREATE EXTENSION civid.  Every function runs
# with search_path = pg_catalog so that it cannot call itself through its
# own operators.
evil_before_civid=$(
	cat <<'SQL'
CREATE SCHEMA evil;
CREATE TABLE evil.calls (called text NOT NULL);

CREATE FUNCTION evil.log_call(called text) RETURNS void
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	RAISE NOTICE 'evil %', called;
	INSERT INTO evil.calls VALUES (called);
END
$$;

CREATE FUNCTION evil.now() RETURNS timestamptz
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('now()');
	RETURN timestamptz '2000-01-01 00:00:00+00';
END
$$;

CREATE FUNCTION evil.lower(text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('lower(text)');
	RETURN 'evil';
END
$$;

CREATE FUNCTION evil.upper(text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('upper(text)');
	RETURN 'EVIL';
END
$$;

CREATE FUNCTION evil.quote_literal(text) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('quote_literal(text)');
	RETURN '''evil''';
END
$$;

CREATE FUNCTION evil.unnest(anyarray) RETURNS SETOF anyelement
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('unnest(anyarray)');
	RETURN QUERY SELECT pg_catalog.unnest($1);
END
$$;

CREATE FUNCTION evil.province_lower(text) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('province_lower(text)');
	RETURN 0;
END
$$;

CREATE FUNCTION evil.text_true(text, text) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('text operator');
	RETURN true;
END
$$;

CREATE FUNCTION evil.bigint_true(bigint, bigint) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('bigint operator');
	RETURN true;
END
$$;

CREATE FUNCTION evil.name_true(name, name) RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('name operator');
	RETURN true;
END
$$;

CREATE FUNCTION evil.integer_plus(integer, integer) RETURNS integer
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('integer +');
	RETURN 42;
END
$$;

CREATE FUNCTION evil.bigint_plus(bigint, bigint) RETURNS bigint
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('bigint +');
	RETURN 42;
END
$$;

CREATE OPERATOR evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_true);
CREATE OPERATOR evil.<> (LEFTARG = text, RIGHTARG = text, FUNCTION = evil.text_true);
CREATE OPERATOR evil.= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.bigint_true);
CREATE OPERATOR evil.< (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.bigint_true);
CREATE OPERATOR evil.<= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.bigint_true);
CREATE OPERATOR evil.>= (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.bigint_true);
CREATE OPERATOR evil.= (LEFTARG = name, RIGHTARG = name, FUNCTION = evil.name_true);
CREATE OPERATOR evil.+ (LEFTARG = integer, RIGHTARG = integer, FUNCTION = evil.integer_plus);
CREATE OPERATOR evil.+ (LEFTARG = bigint, RIGHTARG = bigint, FUNCTION = evil.bigint_plus);
SQL
)

# Objects on citizen_id, which can only exist after CREATE EXTENSION
evil_after_civid=$(
	cat <<'SQL'
CREATE FUNCTION evil.citizen_id_true(public.citizen_id, public.citizen_id)
RETURNS boolean
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('citizen_id operator');
	RETURN true;
END
$$;

CREATE FUNCTION evil.province_code(public.citizen_id) RETURNS text
LANGUAGE plpgsql SET search_path = pg_catalog AS $$
BEGIN
	PERFORM evil.log_call('province_code(citizen_id)');
	RETURN '000';
END
$$;

CREATE OPERATOR evil.= (LEFTARG = public.citizen_id, RIGHTARG = public.citizen_id,
	FUNCTION = evil.citizen_id_true);
CREATE OPERATOR evil.<> (LEFTARG = public.citizen_id, RIGHTARG = public.citizen_id,
	FUNCTION = evil.citizen_id_true);
CREATE OPERATOR evil.< (LEFTARG = public.citizen_id, RIGHTARG = public.citizen_id,
	FUNCTION = evil.citizen_id_true);
CREATE OPERATOR evil.<= (LEFTARG = public.citizen_id, RIGHTARG = public.citizen_id,
	FUNCTION = evil.citizen_id_true);
CREATE OPERATOR evil.> (LEFTARG = public.citizen_id, RIGHTARG = public.citizen_id,
	FUNCTION = evil.citizen_id_true);
CREATE OPERATOR evil.>= (LEFTARG = public.citizen_id, RIGHTARG = public.citizen_id,
	FUNCTION = evil.citizen_id_true);
SQL
)

# One unqualified use of each look-alike, each a single call.  With
# search_path = evil, pg_catalog, public all 16 reach evil.  With evil,
# public the implicit pg_catalog comes first, so only the 6 look-alikes of
# civid's own names (province_lower, province_code and four operators on
# citizen_id) do.
evil_reachable=$(
	cat <<'SQL'
SELECT now();
SELECT lower('A');
SELECT upper('a');
SELECT quote_literal('a');
SELECT unnest(ARRAY[1]);
SELECT province_lower('040');
SELECT 'a'::text = 'b'::text;
SELECT 1::bigint = 2::bigint;
SELECT 'a'::name = 'b'::name;
SELECT 1 + 2;
SELECT 1::bigint + 2::bigint;
SELECT province_code('040226000001');
SELECT '040226000001'::public.citizen_id = '001099000123';
SELECT '040226000001'::public.citizen_id < '001099000123';
SELECT '040226000001'::public.citizen_id <= '001099000123';
SELECT '040226000001'::public.citizen_id >= '001099000123';
SQL
)

# The script whose output must be the same everywhere.  It qualifies
# civid's functions and the operators it uses, sorts through the default
# operator classes (ORDER BY, GROUP BY, DISTINCT), which search_path does
# not affect, and prints errors too.
script=$(
	cat <<'SQL'
\pset null '(null)'
\echo == decoders on the README examples
CREATE TABLE examples (id public.citizen_id);
INSERT INTO examples VALUES ('020093001656'), ('035199000123'), ('101205000257'),
	('040226000001'), ('015090000001'), ('015225000001'), ('015226000001'),
	('002226000001'), ('001099000123'), ('113099000001');
SELECT e.id, i.* FROM examples e, public.citizen_id_info(e.id) AS i ORDER BY e.id;
SELECT id, public.mask_citizen_id(id), public.is_plausible(id, date '2030-01-01'),
	public.in_province(id, '008'), public.in_province(id, 'Nghệ An'),
	public.born_in(id, '040', 'female', 2026), public.born_in_century(id, '015', 'male', 1990),
	public.citizen_id_mismatches(id, 'Hà Nội', 'male', date '1999-06-01'),
	public.citizen_id_matches(id, 'Lạng Sơn', 'male', NULL)
FROM examples ORDER BY id;
SELECT public.to_citizen_id(' 001-099-000-123 '), public.is_valid_citizen_id('001 099 000 123'),
	public.make_citizen_id('40', 'nữ', 2026, 17), public.province_lower('Nghệ An'),
	public.province_upper('040');
SELECT '043188012345'::public.citizen_id;
SELECT public.citizen_id(43188012345);

\echo == in_province on a table
CREATE TABLE person (id public.citizen_id PRIMARY KEY);
INSERT INTO person
SELECT public.make_citizen_id(c.code, 'female', 1990, s)
FROM (SELECT DISTINCT code FROM public.citizen_id_codes
	WHERE kind OPERATOR(pg_catalog.=) 'province') AS c,
	generate_series(1, 200) AS s;
ANALYZE person;
SELECT count(*) FROM person WHERE public.in_province(id, '008');
SELECT count(*) FROM person WHERE public.in_province(id, 'Nghệ An');
SELECT count(*) FROM person WHERE public.in_province(id, 'Ninh Bình');
SELECT count(*) FROM person WHERE public.born_in(id, '040', 'female', 1990);
SELECT count(*) FROM person WHERE public.born_in_century(id, '033', 'female', 1999);
SELECT min(id), max(id) FROM person;

\echo == issue, register, replace, current_citizen_id
CREATE TABLE issued (step text, id public.citizen_id);
INSERT INTO issued SELECT 'by date', public.issue_citizen_id('Nghệ An', 'nữ', date '2020-02-29');
INSERT INTO issued SELECT 'by year', public.issue_citizen_id('001', 'male', 1990);
INSERT INTO issued SELECT 'abroad', public.issue_citizen_id('101', 'f', 2001);
INSERT INTO issued
SELECT 'replacement', public.replace_citizen_id(id, '001', 'female', date '1990-05-01',
	'correction of sex')
FROM issued WHERE step OPERATOR(pg_catalog.=) 'by year';
SELECT step, public.province_code(id), public.sex(id), public.birth_year(id)
FROM issued ORDER BY step;
SELECT public.current_citizen_id(o.id) OPERATOR(public.=) r.id AS follows_replacement
FROM issued o, issued r
WHERE o.step OPERATOR(pg_catalog.=) 'by year'
	AND r.step OPERATOR(pg_catalog.=) 'replacement';
SELECT public.register_citizen_id('001099000123');
SELECT public.register_citizen_id('001099000123');
SELECT public.current_citizen_id('001099000123');
SELECT public.issue_citizen_id('Hà Giang', 'nữ', 2026);
SELECT public.replace_citizen_id('001099000123', 'Hà Giang', 'male', date '1999-01-01', 'x');

\echo == the trigger
CREATE TABLE births (record_no integer PRIMARY KEY, id public.citizen_id,
	province text, sex text, birth_date date);
CREATE TRIGGER births_citizen_id BEFORE INSERT OR UPDATE ON births
	FOR EACH ROW EXECUTE FUNCTION
	public.assign_citizen_id('id', 'province', 'sex', 'birth_date');
INSERT INTO births VALUES
	(1, NULL, 'Nghệ An', 'male', '2001-04-30'),
	(2, NULL, '079', 'nữ', '1999-12-31'),
	(3, '040199000017', '040', 'female', '1999-07-01');
INSERT INTO births VALUES (4, '040199000018', '040', 'male', '1998-01-01');
INSERT INTO births VALUES (5, NULL, 'Hà Giang', 'male', '2020-01-01');
UPDATE births SET sex = 'female' WHERE record_no OPERATOR(pg_catalog.=) 1;
UPDATE births SET birth_date = '2000-01-01', province = '001'
WHERE record_no OPERATOR(pg_catalog.=) 2;
UPDATE births SET id = NULL WHERE record_no OPERATOR(pg_catalog.=) 3;
SELECT record_no, public.province_code(id), public.sex(id), public.birth_year(id),
	public.citizen_id_matches(id, province, sex, birth_date)
FROM births ORDER BY record_no;
SELECT id FROM births WHERE record_no OPERATOR(pg_catalog.=) 3;

\echo == partition bounds and codes
SELECT * FROM public.citizen_id_partition_bounds() ORDER BY partition_key;
SELECT kind, count(*) FROM public.citizen_id_codes GROUP BY kind ORDER BY kind;

\echo == register_citizen_ids
CREATE TABLE imported (id public.citizen_id);
INSERT INTO imported
SELECT public.make_citizen_id('040', 'male', 1990, s) FROM generate_series(0, 999) AS s;
INSERT INTO imported VALUES ('001099000123'), (NULL);
SELECT public.register_citizen_ids('imported', 'id');
SELECT public.register_citizen_ids('imported', 'id');

\echo == the registry
SELECT origin, status, reason, count(*), count(replaced_by), count(cancelled_at)
FROM civid_registry.entries GROUP BY origin, status, reason ORDER BY origin, status, reason;
SELECT count(*), count(DISTINCT id) FROM civid_registry.entries;
SQL
)

# Run the script in a database and write everything psql prints to a file.
run_script() {
	local database=$1 output=$2
	psql -X -q -A -v VERBOSITY=default -d "$database" <<<"$script" >"$output" 2>&1 || true
}

# The plan of a query on person that in_province rewrites into ranges
plan_query="EXPLAIN (COSTS OFF)
SELECT count(*) FROM person WHERE public.in_province(id, '008')"

echo "== clean database $clean_db"
createdb "$clean_db"
sql "$clean_db" "CREATE EXTENSION civid"
run_script "$clean_db" "$work_dir/clean.out"
sql "$clean_db" "$plan_query" >"$work_dir/clean.plan"

# Pin the facts that the comparison rests on, in the clean database
check_equal "clean: script errors" 6 "$(grep -c 'ERROR:' "$work_dir/clean.out")"
check_equal "clean: codes by kind" "country|195 province|71" \
	"$(sql "$clean_db" "
SELECT string_agg(kind || '|' || n, ' ' ORDER BY kind)
FROM (SELECT kind, count(*) AS n FROM citizen_id_codes GROUP BY kind) AS k")"
check_equal "clean: partition bounds" "64|001|001000000000|002000000000" \
	"$(sql "$clean_db" "
SELECT count(*) || '|' || min(partition_key) || '|'
	|| min(from_id::text) || '|' || min(to_id::text)
FROM citizen_id_partition_bounds()")"
check_equal "clean: README example 020093001656" "Lạng Sơn|male|1993|1656" \
	"$(sql "$clean_db" "
SELECT province_name(id) || '|' || sex(id) || '|' || birth_year(id) || '|' || serial_number(id)
FROM (SELECT '020093001656'::citizen_id AS id) AS e")"
check_equal "clean: in_province counts 008, Nghệ An, Ninh Bình" "400 200 600" \
	"$(sql "$clean_db" "
SELECT (SELECT count(*) FROM person WHERE in_province(id, '008')) || ' '
	|| (SELECT count(*) FROM person WHERE in_province(id, 'Nghệ An')) || ' '
	|| (SELECT count(*) FROM person WHERE in_province(id, 'Ninh Bình'))")"
check_equal "clean: issued numbers" \
	"abroad|101|female|2001 by date|040|female|2020 by year|001|male|1990 replacement|001|female|1990" \
	"$(sql "$clean_db" "
SELECT string_agg(step || '|' || province_code(id) || '|' || sex(id) || '|' || birth_year(id),
	' ' ORDER BY step)
FROM issued")"
check_equal "clean: births after the corrections" \
	"1|040|female|2001|true 2|001|female|2000|true 3|040199000017|true" \
	"$(sql "$clean_db" "
SELECT string_agg(record_no || '|'
	|| CASE WHEN record_no = 3 THEN id::text
		ELSE province_code(id) || '|' || sex(id) || '|' || birth_year(id) END
	|| '|' || citizen_id_matches(id, province, sex, birth_date), ' ' ORDER BY record_no)
FROM births")"
check_equal "clean: registry by origin, status and reason" \
	"issued|cancelled|correction of province, birth year|1 issued|cancelled|correction of sex|2 issued|in force||5 registered|in force||1002" \
	"$(sql "$clean_db" "
SELECT string_agg(origin || '|' || status || '|' || coalesce(reason, '') || '|' || n,
	' ' ORDER BY origin, status, reason)
FROM (SELECT origin, status, reason, count(*) AS n FROM civid_registry.entries
	GROUP BY origin, status, reason) AS r")"
grep -q -F "Index Cond: ((id >= '002000000000'::citizen_id) AND (id <= '002999999999'::citizen_id))" \
	"$work_dir/clean.plan" || {
	cat "$work_dir/clean.plan" >&2
	fail "clean: in_province(id, '008') is not an index range on 002"
}
pass "clean: in_province(id, '008') plan uses index ranges"

for n in 0 1; do
	database=${hostile_dbs[n]}
	path=${hostile_paths[n]}
	echo "== hostile database $database, search_path = $path"
	createdb "$database"
	sql "$database" "ALTER DATABASE $database SET search_path = $path"
	sql "$database" "$evil_before_civid"
	sql "$database" "CREATE EXTENSION civid SCHEMA public"
	sql "$database" "$evil_after_civid"
	check_equal "$database: search_path of a new session" "$path" \
		"$(sql "$database" "SHOW search_path")"
	check_equal "$database: civid objects in schema evil" 0 \
		"$(sql "$database" "
SELECT count(*) FROM pg_depend d
JOIN pg_extension x ON d.refclassid OPERATOR(pg_catalog.=) 'pg_extension'::regclass
	AND d.refobjid OPERATOR(pg_catalog.=) x.oid
JOIN pg_proc p ON d.classid OPERATOR(pg_catalog.=) 'pg_proc'::regclass
	AND d.objid OPERATOR(pg_catalog.=) p.oid
WHERE x.extname OPERATOR(pg_catalog.=) 'civid'
	AND p.pronamespace OPERATOR(pg_catalog.=) 'evil'::regnamespace")"

	# The trap works: look-alikes are reachable without a schema name
	psql -X -q -v ON_ERROR_STOP=1 -d "$database" <<<"$evil_reachable" \
		>/dev/null 2>&1 || fail "$database: a look-alike could not be called"
	check_equal "$database: unqualified calls that reached evil" \
		"${reachable_counts[n]}" "$(sql "$database" "SELECT count(*) FROM evil.calls")"
	sql "$database" "TRUNCATE evil.calls"

	run_script "$database" "$work_dir/$database.out"
	check_equal "$database: calls of evil objects" 0 \
		"$(sql "$database" "SELECT count(*) FROM evil.calls")"
	check_equal "$database: NOTICEs from evil objects in the output" 0 \
		"$(grep -c 'NOTICE:  evil' "$work_dir/$database.out" || true)"
	check_same_file "$database: script output" "$work_dir/clean.out" \
		"$work_dir/$database.out"

	# The plan names operators that the session's search_path does not
	# find first with their schema, so public's >= shows as
	# OPERATOR(public.>=) where evil.>= comes earlier.
	sql "$database" "$plan_query" >"$work_dir/$database.plan"
	if [ "$path" = "evil, pg_catalog, public" ]; then
		grep -q -F "Index Cond: ((id OPERATOR(public.>=) '002000000000'::citizen_id) AND (id OPERATOR(public.<=) '002999999999'::citizen_id))" \
			"$work_dir/$database.plan" || {
			cat "$work_dir/$database.plan" >&2
			fail "$database: the plan does not use public's operators"
		}
		pass "$database: the plan uses public's operators"
	fi
	sed -e 's/OPERATOR(public\.\([<>=]*\))/\1/g' "$work_dir/$database.plan" \
		>"$work_dir/$database.plan.normalized"
	check_same_file "$database: plan of in_province(id, '008')" \
		"$work_dir/clean.plan" "$work_dir/$database.plan.normalized"
	check_equal "$database: calls of evil objects after the plan" 0 \
		"$(sql "$database" "SELECT count(*) FROM evil.calls")"
done

echo "hostile_search_path: all checks passed"
