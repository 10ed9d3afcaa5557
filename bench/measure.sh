#!/usr/bin/env bash
# Measure civid's citizen_id against other column types for a 12-digit ID,
# and civid's issuing functions.  bench/run starts this script with the PG*
# variables naming a server where civid is installed; run bench/run, not
# this file.
#
# Usage: measure.sh ROWS REPEAT OUT_DIR WORK_DIR
#
# Writes to OUT_DIR:
#   raw.csv       one line per measurement: rows,metric,alternative,repetition,value
#   query_results.csv  the result of each timed query, which must be the
#                 same for every alternative (the script stops if it is not)
#   plans.txt     EXPLAIN output of the timed queries at ROWS rows
#   settings.csv  the server settings in force
#   machine.txt   the machine, the server version and the civid commit
#   load.txt      the load average and busiest processes at each phase
# and then runs report.sql for results.md, results.csv and growth.csv.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=$(cd "$BENCH_DIR/.." && pwd)

rows=$1
repeat=$2
out=$3
work=$4

database=civid_bench
alternatives=(bigint citizen_id text_check varchar_domain char12)

# Point lookups and issue_citizen_id calls per measurement: 100,000, or a
# tenth of the rows when that is smaller.
lookups=$((rows / 10 < 100000 ? rows / 10 : 100000))
issues=$lookups
# Seconds of each pgbench run: one per million rows, from 1 to 10.
pgbench_seconds=$((rows / 1000000))
pgbench_seconds=$((pgbench_seconds < 1 ? 1 : pgbench_seconds > 10 ? 10 : pgbench_seconds))
pgbench_clients=(1 2 4)
# Each province query runs this often in one measurement, to time more
# than a few milliseconds.
province_runs=10

# The size-sensitive measurements run at ROWS/100, ROWS/10 and ROWS rows;
# sizes under 100 rows are left out.
scales=()
for divisor in 100 10 1; do
	[ $((rows / divisor)) -ge 100 ] && scales+=($((rows / divisor)))
done

raw=$out/raw.csv
query_results=$out/query_results.csv
plans=$out/plans.txt

# Run SQL in the benchmark database, stopping at the first error.  Prints
# rows unaligned and without headers.
sql() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$database" -c "$1"
}

# Run the SQL of $2 after the untimed SQL of $1 in one new session.  Prints
# the output of $2, then the seconds that $2 took as the last line, measured
# with clock_timestamp() in the server.
time_sql() {
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$database" <<EOF
\o /dev/null
$1;
\o
SELECT clock_timestamp() AS bench_start \gset
$2;
SELECT extract(epoch FROM clock_timestamp() - :'bench_start'::timestamptz);
EOF
}

# Run time_sql and set the globals seconds, to the seconds that $2 took,
# and query_result, to the first line that $2 printed.
run_timed() {
	local output
	output=$(time_sql "$1" "$2")
	seconds=$(tail -n 1 <<<"$output")
	query_result=$(head -n -1 <<<"$output" | head -n 1)
}

# Append one measurement to raw.csv: rows, metric, alternative, repetition,
# value.
record() {
	echo "$1,$2,$3,$4,$5" >>"$raw"
	printf '  %-10s %-16s %-15s rep %s: %s\n' "$1" "$2" "$3" "$4" "$5"
}

# Time a query with run_timed, record its seconds multiplied by a factor
# (default 1) and save the query's output as its result.  Arguments: rows,
# metric, alternative, repetition, untimed setup SQL, timed SQL, factor.
measure() {
	local scale=$1 metric=$2 alternative=$3 repetition=$4 setup=$5 query=$6
	local factor=${7:-1}
	run_timed "$setup" "$query"
	record "$scale" "$metric" "$alternative" "$repetition" \
		"$(awk -v s="$seconds" -v f="$factor" 'BEGIN { printf "%.6f", s * f }')"
	echo "$scale,$metric,$alternative,$repetition,\"$query_result\"" >>"$query_results"
}

# Like measure, but record count / seconds, a rate per second.  Arguments:
# rows, metric, repetition, count, timed SQL.
measure_rate() {
	local scale=$1 metric=$2 repetition=$3 count=$4 query=$5
	run_timed "" "$query"
	record "$scale" "$metric" citizen_id "$repetition" \
		"$(awk -v n="$count" -v s="$seconds" 'BEGIN { printf "%.1f", n / s }')"
	echo "$scale,$metric,citizen_id,$repetition,\"$query_result\"" >>"$query_results"
}

# Append the plan of a query to plans.txt.  Arguments: heading, setup SQL,
# query.
explain() {
	{
		echo "== $1"
		psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$database" <<EOF
$2
EXPLAIN (COSTS OFF) $3
EOF
		echo
	} >>"$plans"
}

# Expressions that answer the same question for each column type.
birth_year_expression() {
	case $1 in
	bigint) echo "1900 + 100 * ((id / 100000000) % 10 / 2) + (id / 1000000) % 100" ;;
	citizen_id) echo "birth_year(id)" ;;
	*) echo "1900 + 100 * (substr(id, 4, 1)::integer / 2) + substr(id, 5, 2)::integer" ;;
	esac
}

province_expression() {
	case $1 in
	bigint) echo "id / 1000000000" ;;
	citizen_id) echo "province_code(id)" ;;
	*) echo "substr(id, 1, 3)" ;;
	esac
}

province_condition() {
	case $1 in
	bigint) echo "id BETWEEN 40000000000 AND 40999999999" ;;
	citizen_id) echo "in_province(id, '040')" ;;
	*) echo "id BETWEEN '040000000000' AND '040999999999'" ;;
	esac
}

# Create table $1 with the column of alternative $2, without autovacuum so
# that no background vacuum runs during a measurement.
create_table() {
	sql "DROP TABLE IF EXISTS $1;
CREATE TABLE $1 (LIKE bench_template_$2 INCLUDING ALL)
	WITH (autovacuum_enabled = false);"
}

# Vacuum table $1 until the visibility map marks every page all-visible, at
# most three times.  Scans then skip per-tuple visibility checks, and
# index-only scans read no heap page, for every alternative alike.  A plain
# VACUUM left up to 69% of the pages of a fresh 10-million-row table not
# all-visible, probably pages whose cleanup lock it could not get at once,
# which FREEZE waits for.
vacuum_table() {
	local attempt
	for attempt in 1 2 3; do
		sql "VACUUM (FREEZE, ANALYZE) $1"
		[ "$(sql "SELECT relallvisible = relpages FROM pg_class WHERE oid = '$1'::regclass")" = t ] &&
			return 0
	done
	echo "warning: $1 still has pages that are not all-visible after three VACUUMs" >&2
}

# Create table $1 of alternative $2 from file $3, untimed, and vacuum it.
load_table() {
	create_table "$1" "$2"
	sql "COPY $1 FROM '$3'"
	vacuum_table "$1"
}

# Measure one column type at one size.  With full = 1, also measure the
# joins, lookups and the province query, and save the plans on the first
# repetition.
measure_alternative() {
	local alternative=$1 scale=$2 repetition=$3 full=$4
	local table=bench_$alternative
	local probe=bench_probe_$alternative
	local lookup=bench_lookup_$alternative
	local with_plans=0
	local year province condition query setup
	[ "$full" -eq 1 ] && [ "$repetition" -eq 1 ] && with_plans=1
	year=$(birth_year_expression "$alternative")
	province=$(province_expression "$alternative")
	condition=$(province_condition "$alternative")

	create_table "$table" "$alternative"
	sql "CHECKPOINT"
	measure "$scale" copy_in "$alternative" "$repetition" "" \
		"COPY $table FROM '$work/ids_$scale.txt'"
	# VACUUM sets the hint bits and the visibility map, so later scans
	# write nothing and lookups can use index-only scans.
	vacuum_table "$table"
	record "$scale" table_size "$alternative" "$repetition" \
		"$(sql "SELECT pg_relation_size('$table') / 1048576.0")"

	measure "$scale" copy_out "$alternative" "$repetition" "" \
		"COPY $table TO '/dev/null'"

	# The table has no index yet, so ORDER BY sorts, and the joins below
	# read both tables with sequential scans.
	query="SELECT count(*) FROM (SELECT id FROM $table ORDER BY id OFFSET 0) AS sorted"
	[ $with_plans -eq 1 ] && explain "$alternative: order_by" "" "$query"
	measure "$scale" order_by "$alternative" "$repetition" "" "$query"

	query="SELECT count(*), sum(year::bigint * people) FROM (
	SELECT $year AS year, count(*) AS people FROM $table GROUP BY 1) AS g"
	[ $with_plans -eq 1 ] && explain "$alternative: group_year" "" "$query"
	measure "$scale" group_year "$alternative" "$repetition" "" "$query"

	query="SELECT count(*), sum(people * people) FROM (
	SELECT $province AS province, count(*) AS people FROM $table GROUP BY 1) AS g"
	[ $with_plans -eq 1 ] && explain "$alternative: group_province" "" "$query"
	measure "$scale" group_province "$alternative" "$repetition" "" "$query"

	if [ "$full" -eq 1 ]; then
		load_table "$probe" "$alternative" "$work/probe.txt"
		query="SELECT count(*) FROM $table AS t JOIN $probe AS p ON p.id = t.id"
		setup="SET enable_mergejoin = off; SET enable_nestloop = off;"
		[ $with_plans -eq 1 ] && explain "$alternative: hash_join" "$setup" "$query"
		measure "$scale" hash_join "$alternative" "$repetition" "$setup" "$query"
		setup="SET enable_hashjoin = off; SET enable_nestloop = off;"
		[ $with_plans -eq 1 ] && explain "$alternative: merge_join" "$setup" "$query"
		measure "$scale" merge_join "$alternative" "$repetition" "$setup" "$query"
		sql "DROP TABLE $probe"
	fi

	measure "$scale" index_build "$alternative" "$repetition" "" \
		"CREATE UNIQUE INDEX ${table}_id ON $table (id)"
	record "$scale" index_size "$alternative" "$repetition" \
		"$(sql "SELECT pg_indexes_size('$table') / 1048576.0")"

	if [ "$full" -eq 1 ]; then
		load_table "$lookup" "$alternative" "$work/lookups.txt"
		query="SELECT count(*) FROM $lookup AS l JOIN $table AS t ON t.id = l.id"
		setup="SET enable_hashjoin = off; SET enable_mergejoin = off;"
		[ $with_plans -eq 1 ] && explain "$alternative: lookups" "$setup" "$query"
		# Recorded in microseconds per lookup.  The untimed first run reads
		# the index into shared buffers and civid's library into the session.
		measure "$scale" lookups "$alternative" "$repetition" "$setup $query" "$query" \
			"$(awk -v n="$lookups" 'BEGIN { printf "%.12f", 1000000 / n }')"
		sql "DROP TABLE $lookup"

		# Without bitmap scans, every type reads the range with an index-only
		# scan; otherwise the plan varies with the ANALYZE sample.
		query="SELECT count(*) FROM $table WHERE $condition;"
		setup="SET enable_bitmapscan = off;"
		[ $with_plans -eq 1 ] && explain "$alternative: province_query" "$setup" "$query"
		# Recorded in milliseconds per query.
		measure "$scale" province_query "$alternative" "$repetition" "$setup $query" \
			"$(for ((i = 0; i < province_runs; i++)); do echo "$query"; done)" \
			"$(awk -v n="$province_runs" 'BEGIN { printf "%.12f", 1000 / n }')"
	fi

	sql "DROP TABLE $table"
}

# Run one pgbench script for the given seconds and clients; prints the
# transactions per second without the initial connection time.
run_pgbench() {
	local script=$1 clients=$2 output
	output=$(pgbench -n -M prepared -f "$script" -c "$clients" -j "$clients" \
		-T "$pgbench_seconds" "$database" 2>&1) || {
		echo "$output" >&2
		echo "pgbench failed with $clients clients on $script" >&2
		return 1
	}
	if ! grep -q '^number of failed transactions: 0 ' <<<"$output"; then
		echo "$output" >&2
		echo "pgbench reported failed transactions on $script" >&2
		return 1
	fi
	sed -n 's/^tps = \([0-9.]*\) (without initial connection time)$/\1/p' <<<"$output"
}

# Measure issuing, the trigger and bulk registration at ROWS rows.
measure_issuing() {
	local repetition=$1 clients tps output count

	echo "== issuing, repetition $repetition, load average $(cut -d' ' -f1 /proc/loadavg)"
	log_load "issuing, repetition $repetition"
	sql "TRUNCATE civid_registry.entries"
	measure_rate "$rows" issue "$repetition" "$issues" \
		"SELECT count(issue_citizen_id('040', 'male', 2020)) FROM generate_series(1, $issues)"

	for clients in "${pgbench_clients[@]}"; do
		sql "TRUNCATE bench_births, civid_registry.entries"
		sql "CHECKPOINT"
		tps=$(run_pgbench "$work/insert_trigger.sql" "$clients")
		record "$rows" "trigger_insert_$clients" citizen_id "$repetition" "$tps"

		sql "TRUNCATE bench_births_plain, civid_registry.entries"
		sql "CHECKPOINT"
		tps=$(run_pgbench "$work/insert_plain.sql" "$clients")
		record "$rows" "plain_insert_$clients" citizen_id "$repetition" "$tps"
	done

	# The trigger issued a distinct ID for every row of bench_births.
	output=$(sql "SELECT count(*) = count(DISTINCT id) AND count(*) > 0
		AND count(*) FILTER (WHERE birth_year(id) <> extract(year FROM birth_date)
			OR province_code(id) <> province OR sex(id) <> sex) = 0
		FROM bench_births")
	[ "$output" = t ] || {
		echo "bench_births has repeated IDs or IDs that disagree with their row" >&2
		return 1
	}

	sql "TRUNCATE civid_registry.entries"
	load_table bench_register citizen_id "$work/probe.txt"
	count=$(wc -l <"$work/probe.txt")
	measure_rate "$rows" register "$repetition" "$count" \
		"SELECT register_citizen_ids('bench_register', 'id')"
	[ "$query_result" -eq "$count" ] || {
		echo "register_citizen_ids registered $query_result IDs, expected $count" >&2
		return 1
	}
	sql "DROP TABLE bench_register; TRUNCATE civid_registry.entries"
}

# Write the pgbench scripts.  Every transaction inserts one birth with a
# province drawn uniformly from the 34 provinces in force since 2025-07-01,
# a sex and a birth date from 1925-01-01 to 2024-12-31.
write_pgbench_scripts() {
	local codes
	codes=$(sql "SELECT string_agg(DISTINCT quote_literal(code_since_2025_07_01), ', ')
		FROM citizen_id_codes WHERE kind = 'province'")
	local draw="\\set province random(1, 34)
\\set female random(0, 1)
\\set day random(0, 36524)"
	local fields="(ARRAY[$codes])[:province::integer],
	CASE :female::integer WHEN 1 THEN 'female' ELSE 'male' END,
	date '1925-01-01' + :day::integer"

	cat >"$work/insert_trigger.sql" <<EOF
$draw
INSERT INTO bench_births (province, sex, birth_date) VALUES (
	$fields);
EOF
	# The given ID is built from the same fields with a random serial, and a
	# repeated ID is skipped.  Repeats are rare: 100,000 random rows of the
	# 6.8 billion IDs of 34 codes, 2 sexes, 100 birth years and a million
	# serials repeat fewer than one ID on average.
	cat >"$work/insert_plain.sql" <<EOF
$draw
\\set serial random(0, 999999)
INSERT INTO bench_births_plain (id, province, sex, birth_date)
SELECT make_citizen_id(province, sex, extract(year FROM birth_date)::integer, :serial::integer),
	province, sex, birth_date
FROM (VALUES ($fields)) AS birth (province, sex, birth_date)
ON CONFLICT DO NOTHING;
EOF
}

# Append the time, the 1-minute load average and the two busiest processes
# of the machine to load.txt, to show whether other work competed for the
# CPUs during a measurement.  Argument: the phase that starts.
log_load() {
	{
		echo "$(date +%T) $1: load average $(cut -d' ' -f1 /proc/loadavg)"
		ps -eo pcpu=,etime=,comm= --sort=-pcpu | head -n 2 | sed 's/^/    /'
	} >>"$out/load.txt"
}

# Stop unless every alternative returned the same result for each timed
# query.
check_query_results() {
	local disagreements
	disagreements=$(awk -F, '
		{ key = $1 "," $2 "," $4; result = $5 }
		key in first && first[key] != result { print key ": " first_alternative[key] "=" first[key] ", " $3 "=" result }
		!(key in first) { first[key] = result; first_alternative[key] = $3 }
	' "$query_results")
	if [ -n "$disagreements" ]; then
		echo "alternatives disagree on a query result:" >&2
		echo "$disagreements" >&2
		return 1
	fi
	echo "query results: every alternative returned the same result for each query"
}

write_settings() {
	sql "SELECT name, setting, coalesce(unit, ''), source FROM pg_settings
		WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem',
			'max_wal_size', 'checkpoint_timeout', 'synchronous_commit',
			'fsync', 'wal_level', 'jit', 'max_parallel_workers_per_gather',
			'max_parallel_maintenance_workers', 'autovacuum', 'effective_cache_size',
			'random_page_cost', 'hash_mem_multiplier')
		UNION ALL SELECT 'lc_collate (database)', datcollate, '', 'database'
		FROM pg_database WHERE datname = current_database()
		ORDER BY 1" | tr '|' ',' >"$out/settings.csv"
	{
		echo "civid: commit $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
			"$(git -C "$TOP" status --porcelain -- src Makefile civid--*.sql 2>/dev/null |
				grep -q . && echo "with uncommitted changes to src, Makefile or the SQL script")"
		echo "server: $(sql "SELECT version()")"
		echo "nproc: $(nproc)"
		echo "memory: $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
		echo "cpu: $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
		echo "kernel: $(uname -r)"
		echo "load average at the start (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)"
	} >"$out/machine.txt"
}

setup_database() {
	dropdb --if-exists "$database"
	createdb -T template0 "$database"
	sql "CREATE EXTENSION civid"
	psql -X -q -v ON_ERROR_STOP=1 -d "$database" -f "$BENCH_DIR/alternatives.sql"
	sql "CREATE TABLE bench_births (
	id citizen_id PRIMARY KEY,
	province text NOT NULL,
	sex text NOT NULL,
	birth_date date NOT NULL);
CREATE TABLE bench_births_plain (LIKE bench_births INCLUDING ALL);
CREATE TRIGGER bench_births_citizen_id BEFORE INSERT OR UPDATE ON bench_births
	FOR EACH ROW EXECUTE FUNCTION
	assign_citizen_id('id', 'province', 'sex', 'birth_date');"
}

# Write the ID files.  ids_S.txt contains the first S lines of the
# generated file, for every size S.  probe.txt contains every tenth ID, for
# the joins and bulk registration, and lookups.txt $lookups IDs spread over
# the file.
write_id_files() {
	echo "== generating $rows IDs"
	psql -X -q -v ON_ERROR_STOP=1 -d "$database" -v rows="$rows" \
		-v ids_file="$work/ids_$rows.txt" -v data_dir="$TOP/demo/data" \
		-f "$BENCH_DIR/generate_ids.sql"
	local scale
	for scale in "${scales[@]}"; do
		[ "$scale" -eq "$rows" ] || head -n "$scale" "$work/ids_$rows.txt" >"$work/ids_$scale.txt"
	done
	awk 'NR % 10 == 1' "$work/ids_$rows.txt" >"$work/probe.txt"
	awk -v step=$((rows / lookups)) -v n="$lookups" \
		'NR % step == 1 && count < n { print; count++ }' \
		"$work/ids_$rows.txt" >"$work/lookups.txt"
	chmod 644 "$work"/*.txt
}

main() {
	local repetition scale alternative full first i
	echo "rows,metric,alternative,repetition,value" >"$raw"
	echo "rows,metric,alternative,repetition,result" >"$query_results"
	: >"$plans"
	: >"$out/load.txt"

	psql -X -q -A -t -d template1 -c "SELECT rolsuper FROM pg_roles WHERE rolname = current_user" |
		grep -qx t || {
		echo "bench/run needs a superuser role: it creates the civid extension and uses server-side COPY" >&2
		return 1
	}
	setup_database
	trap 'dropdb --if-exists "$database" || true' EXIT
	write_settings
	write_id_files
	write_pgbench_scripts

	for ((repetition = 1; repetition <= repeat; repetition++)); do
		for scale in "${scales[@]}"; do
			echo "== $scale rows, repetition $repetition of $repeat," \
				"load average $(cut -d' ' -f1 /proc/loadavg)"
			log_load "$scale rows, repetition $repetition"
			full=0
			[ "$scale" -eq "$rows" ] && full=1
			# Each repetition starts with the next alternative, so that no
			# alternative always runs first or last.
			first=$(((repetition - 1) % ${#alternatives[@]}))
			for ((i = 0; i < ${#alternatives[@]}; i++)); do
				alternative=${alternatives[(first + i) % ${#alternatives[@]}]}
				measure_alternative "$alternative" "$scale" "$repetition" "$full"
			done
		done
		measure_issuing "$repetition"
	done

	check_query_results
	echo "load average at the end (1, 5, 15 min): $(cut -d' ' -f1-3 /proc/loadavg)" \
		>>"$out/machine.txt"
	psql -X -q -v ON_ERROR_STOP=1 -d "$database" -v out="$out" -v rows="$rows" \
		-v lookups="$lookups" -v issues="$issues" -v province_runs="$province_runs" \
		-v pgbench_seconds="$pgbench_seconds" -f "$BENCH_DIR/report.sql"
}

main
