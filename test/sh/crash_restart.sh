#!/usr/bin/env bash
# Crash a server while 4 pgbench clients insert births through the
# assign_citizen_id trigger, and restart it.  After crash recovery, every
# committed birth must have a number, and the registry must contain
# exactly the numbers of committed rows, each once, as issued and in force.
# Issuing must go on.  There are three cycles, each with its own crash
# point (1 to 4 s into the load) and way of crashing:
#
#   1. postmaster: SIGKILL the postmaster only.  Its backends notice and
#      exit at their next wait, and pg_ctl start runs crash recovery.
#   2. server: SIGKILL the postmaster and all its child processes at once,
#      then pg_ctl start.  Unlike a power cut, this keeps what the
#      processes wrote but did not fsync, because the kernel still has it.
#   3. backend: SIGKILL one backend.  The postmaster resets every process
#      and runs crash recovery itself (restart_after_crash, on by default).
#
# The server is a cluster of its own, made with initdb in a temporary
# folder, with fsync on and a Unix socket in that folder only.  It loads
# civid from the same extension_destdir as the server the PG* variables
# name.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

work_dir=$(mktemp -d /tmp/civid-crash-restart.XXXXXX)
cluster_dir=$work_dir/cluster
data_dir=$cluster_dir/data
server_log=$cluster_dir/server.log
database=crash
crash_modes=(postmaster server backend)
rows_issued_after_restart=100

# initdb and postgres refuse to run as root, so as root the script runs
# them as the user postgres.
if [ "$(id -u)" -eq 0 ]; then
	cluster_user=postgres
else
	cluster_user=$(id -un)
fi
bindir=$("${PG_CONFIG:-pg_config}" --bindir)
pgbench_pid=

cleanup() {
	if [ -n "$pgbench_pid" ] && kill -0 "$pgbench_pid" 2>/dev/null; then
		kill "$pgbench_pid" 2>/dev/null || true
	fi
	if [ -f "$data_dir/postmaster.pid" ]; then
		as_cluster_user "$bindir/pg_ctl" -D "$data_dir" -m immediate stop \
			>/dev/null 2>&1 || true
	fi
	rm -rf "$work_dir"
}
trap cleanup EXIT

# Run a command as the server user.
as_cluster_user() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$cluster_user" -- "$@"
	else
		"$@"
	fi
}

# Run a client program against the test cluster.
on_cluster() {
	PGHOST=$cluster_dir PGPORT=$cluster_port PGUSER=$cluster_user PGPASSWORD= \
		PGDATABASE=$database "$@"
}

# Run one SQL string in the test database, as sql does.
cluster_sql() {
	on_cluster "$bindir/psql" -X -q -A -t -v ON_ERROR_STOP=1 -c "$*"
}

# Print the postmaster's PID from postmaster.pid.
postmaster_pid() {
	head -n 1 "$data_dir/postmaster.pid"
}

log_size() {
	stat -c %s "$server_log"
}

# Print the server log written after a byte offset.
log_since() {
	tail -c +$(($1 + 1)) "$server_log"
}

# Wait until no process of the list exists, for at most 30 seconds.  A
# killed process stays a zombie until its parent reaps it.  For the
# postmaster's orphans that parent is PID 1, which may take a second or
# two, and a new postmaster does not start while the PID in postmaster.pid
# exists.
wait_for_exit() {
	local tries=0 pid alive
	while :; do
		alive=
		for pid in "$@"; do
			if kill -0 "$pid" 2>/dev/null; then
				alive="$alive $pid"
			fi
		done
		[ -z "$alive" ] && return 0
		tries=$((tries + 1))
		if [ "$tries" -ge 300 ]; then
			echo "processes still alive after 30 s:$alive" >&2
			return 1
		fi
		sleep 0.1
	done
}

# Wait until the server log after an offset contains a line, for at most
# 60 seconds.
wait_for_log() {
	local offset=$1 text=$2 tries=0
	until log_since "$offset" | grep -q -F -- "$text"; do
		tries=$((tries + 1))
		if [ "$tries" -ge 600 ]; then
			log_since "$offset" | tail -n 20 >&2
			fail "server log has no line '$text' after 60 s"
		fi
		sleep 0.1
	done
}

# Start the server.  After a crash pg_ctl warns that another server might
# be running, because postmaster.pid is still there, and starts it anyway.
start_server() {
	as_cluster_user "$bindir/pg_ctl" -D "$data_dir" -l "$server_log" -w -t 60 \
		start >"$work_dir/pg_ctl.out" 2>&1 || {
		cat "$work_dir/pg_ctl.out" >&2
		tail -n 20 "$server_log" >&2
		fail "pg_ctl start failed"
	}
}

# Print the number of transactions pgbench completed for script number $2
# of the run whose output is $1, or 0 if it printed none.
script_transactions() {
	awk -v header="SQL script $2:" '
		index($0, header) == 1 { inside = 1; next }
		/^SQL script / { inside = 0 }
		inside && $1 == "-" && $3 == "transactions" { print $2; found = 1; exit }
		END { if (!found) print 0 }
	' "$1"
}

echo "== cluster in $cluster_dir"
stage=$(psql -X -A -t -d postgres -c "SHOW extension_destdir")
# The server user must reach its folder inside the work folder
chmod 755 "$work_dir"
mkdir "$cluster_dir"
chown "$cluster_user" "$cluster_dir"
chmod 700 "$cluster_dir"
as_cluster_user "$bindir/initdb" -D "$data_dir" -U "$cluster_user" -A trust \
	-E UTF8 --no-locale >"$work_dir/initdb.log" 2>&1 ||
	{ cat "$work_dir/initdb.log" >&2; fail "initdb failed"; }
# With no TCP listener and the socket in a private folder, no other server
# can hold this port.
cluster_port=$((20000 + RANDOM % 10000))
as_cluster_user tee -a "$data_dir/postgresql.conf" >/dev/null <<EOF
listen_addresses = ''
unix_socket_directories = '$cluster_dir'
port = $cluster_port
fsync = on
synchronous_commit = on
full_page_writes = on
log_line_prefix = '%m [%p] %e '
extension_destdir = '$stage'
EOF
start_server
on_cluster "$bindir/createdb" "$database"
check_equal "fsync" on "$(cluster_sql "SHOW fsync")"
check_equal "restart_after_crash" on "$(cluster_sql "SHOW restart_after_crash")"
cluster_sql "
CREATE EXTENSION civid;
CREATE EXTENSION amcheck;

-- No constraint on id, so that a missing or repeated number stays visible
-- to the checks instead of failing the insert.
CREATE TABLE births (
	id citizen_id,
	province text NOT NULL,
	sex text NOT NULL,
	birth_date date NOT NULL
);
CREATE INDEX births_id ON births (id);
CREATE TRIGGER births_citizen_id BEFORE INSERT OR UPDATE ON births
	FOR EACH ROW EXECUTE FUNCTION
	assign_citizen_id('id', 'province', 'sex', 'birth_date');

CREATE TABLE issued_after_restart (cycle integer NOT NULL, id citizen_id);
"

# A committed transaction inserts two births in one crowded bucket (040,
# female, 1995) and one in 001, male, with a birth date spread over ten
# years.  A quarter of the transactions roll back.
cat >"$work_dir/commit.sql" <<'EOF'
\set day random(0, 3649)
BEGIN;
INSERT INTO births (province, sex, birth_date)
	VALUES ('040', 'female', '1995-03-01'), ('040', 'female', '1995-11-30');
INSERT INTO births (province, sex, birth_date)
	VALUES ('001', 'male', date '1990-01-01' + :day);
COMMIT;
EOF
cat >"$work_dir/rollback.sql" <<'EOF'
BEGIN;
INSERT INTO births (province, sex, birth_date)
	VALUES ('040', 'female', '1995-06-15'), ('001', 'male', '1999-12-31');
ROLLBACK;
EOF

# Check the births and the registry after a restart.
check_consistency() {
	local label=$1 births
	births=$(cluster_sql "SELECT count(*) FROM births")
	check_equal "$label: births without a number" 0 \
		"$(cluster_sql "SELECT count(*) FROM births WHERE id IS NULL")"
	check_equal "$label: numbers repeated in births" 0 \
		"$(cluster_sql "SELECT count(*) - count(DISTINCT id) FROM births")"
	check_equal "$label: births whose number disagrees with the row" 0 \
		"$(cluster_sql "
SELECT count(*) FROM births
WHERE NOT citizen_id_matches(id, province, sex, birth_date)")"
	check_equal "$label: births numbers not in the registry as issued and in force" 0 \
		"$(cluster_sql "
SELECT count(*) FROM births b
WHERE NOT EXISTS (
	SELECT FROM civid_registry.entries e
	WHERE e.id = b.id AND e.origin = 'issued' AND e.status = 'in force')")"
	check_equal "$label: numbers repeated in the registry" 0 \
		"$(cluster_sql "
SELECT count(*) - count(DISTINCT id) FROM civid_registry.entries")"
	check_equal "$label: registry rows issued, in force" \
		"$((births + $(cluster_sql "SELECT count(*) FROM issued_after_restart")))" \
		"$(cluster_sql "
SELECT count(*) FROM civid_registry.entries
WHERE origin = 'issued' AND status = 'in force'")"
	check_equal "$label: registry rows of another origin or status" 0 \
		"$(cluster_sql "
SELECT count(*) FROM civid_registry.entries
WHERE origin <> 'issued' OR status <> 'in force'")"
	check_equal "$label: registry numbers in no table" 0 \
		"$(cluster_sql "
SELECT count(*) FROM civid_registry.entries e
WHERE NOT EXISTS (SELECT FROM births b WHERE b.id = e.id)
	AND NOT EXISTS (SELECT FROM issued_after_restart i WHERE i.id = e.id)")"
	# With heapallindexed, bt_index_check also checks that every heap tuple
	# is in the index
	cluster_sql "
SELECT bt_index_check('civid_registry.entries_pkey', true);
SELECT bt_index_check('births_id', true);" >/dev/null ||
		fail "$label: amcheck found a corrupt index"
	pass "$label: amcheck of entries_pkey and births_id"
}

previous_births=0
previous_sleep_ms=
cycle=0
start_seconds=$SECONDS
for mode in "${crash_modes[@]}"; do
	cycle=$((cycle + 1))
	# A crash point from 1 to 4 s that differs from the previous cycle's
	sleep_ms=$((1000 + RANDOM % 3001))
	if [ "$sleep_ms" = "$previous_sleep_ms" ]; then
		sleep_ms=$((1000 + (sleep_ms - 1000 + 997) % 3001))
	fi
	previous_sleep_ms=$sleep_ms
	echo "== cycle $cycle: crash ($mode) $sleep_ms ms into the load"

	on_cluster "$bindir/pgbench" -n -c 4 -j 2 -T 30 \
		-f "$work_dir/commit.sql@3" -f "$work_dir/rollback.sql@1" \
		>"$work_dir/pgbench_$cycle.out" 2>&1 &
	pgbench_pid=$!
	sleep "$(printf '%d.%03d' $((sleep_ms / 1000)) $((sleep_ms % 1000)))"
	kill -0 "$pgbench_pid" 2>/dev/null || {
		cat "$work_dir/pgbench_$cycle.out" >&2
		fail "cycle $cycle: pgbench ended before the crash"
	}

	postmaster=$(postmaster_pid)
	offset=$(log_size)
	case $mode in
	postmaster)
		children=$(ps -o pid= --ppid "$postmaster" | tr -d ' ' | tr '\n' ' ')
		kill -KILL "$postmaster"
		wait_for_exit "$postmaster" $children ||
			fail "cycle $cycle: server processes did not exit after the postmaster died"
		;;
	server)
		# Stopped, the postmaster cannot start a process between the list
		# and the kill.
		kill -STOP "$postmaster"
		children=$(ps -o pid= --ppid "$postmaster" | tr -d ' ' | tr '\n' ' ')
		kill -KILL "$postmaster" $children
		wait_for_exit "$postmaster" $children ||
			fail "cycle $cycle: server processes did not exit after SIGKILL"
		;;
	backend)
		backend=$(ps -o pid=,cmd= --ppid "$postmaster" |
			awk '$0 ~ /postgres: .* '"$database"' / { print $1; exit }')
		[ -n "$backend" ] || fail "cycle $cycle: no backend of database $database found"
		kill -KILL "$backend"
		wait_for_log "$offset" "all server processes terminated; reinitializing"
		;;
	esac

	# pgbench loses its connections and ends, for at most 60 s
	tries=0
	while kill -0 "$pgbench_pid" 2>/dev/null; do
		tries=$((tries + 1))
		[ "$tries" -lt 600 ] || fail "cycle $cycle: pgbench still running 60 s after the crash"
		sleep 0.1
	done
	wait "$pgbench_pid" || true
	pgbench_pid=

	if [ "$mode" != backend ]; then
		start_server
	fi
	wait_for_log "$offset" "database system is ready to accept connections"
	log_since "$offset" | grep -q -F "automatic recovery in progress" ||
		fail "cycle $cycle: the server log shows no crash recovery"
	pass "cycle $cycle: crash recovery ran and the server accepts connections"
	echo "pgbench before the crash: $(grep -E '^number of transactions actually processed' \
		"$work_dir/pgbench_$cycle.out" || echo 'no summary')"

	births=$(cluster_sql "SELECT count(*) FROM births")
	[ "$births" -gt "$previous_births" ] ||
		fail "cycle $cycle: no birth committed during the load ($births rows, $previous_births before)"
	pass "cycle $cycle: $((births - previous_births)) births committed during the load"
	# Every commit that pgbench saw succeed is durable.  pgbench can count
	# fewer transactions than ran, never more, so this is a lower bound.
	acknowledged=$(script_transactions "$work_dir/pgbench_$cycle.out" 1)
	[ "$((births - previous_births))" -ge "$((acknowledged * 3))" ] ||
		fail "cycle $cycle: $((births - previous_births)) births after recovery, but pgbench saw $acknowledged commits of 3 births each"
	pass "cycle $cycle: births after recovery >= 3 x $acknowledged commits pgbench saw"
	previous_births=$births
	check_consistency "cycle $cycle after recovery"

	echo "== cycle $cycle: issue $rows_issued_after_restart numbers after the restart"
	cluster_sql "
INSERT INTO issued_after_restart
SELECT $cycle, issue_citizen_id('040', 'female', 1995)
FROM generate_series(1, $rows_issued_after_restart)"
	check_equal "cycle $cycle: distinct numbers issued after the restart" \
		"$rows_issued_after_restart" \
		"$(cluster_sql "
SELECT count(DISTINCT id) FROM issued_after_restart WHERE cycle = $cycle")"
	check_equal "cycle $cycle: numbers issued after the restart that are in births" 0 \
		"$(cluster_sql "
SELECT count(*) FROM issued_after_restart i JOIN births b USING (id)
WHERE i.cycle = $cycle")"
	check_consistency "cycle $cycle after issuing"
done

echo "== stop the cluster"
as_cluster_user "$bindir/pg_ctl" -D "$data_dir" -m fast -w -t 60 stop >/dev/null ||
	fail "pg_ctl stop failed"
pass "cluster stopped"

echo "cycles survived: $cycle of ${#crash_modes[@]}, in $((SECONDS - start_seconds)) s"
echo "births rows: $previous_births, numbers issued after restarts:" \
	"$((cycle * rows_issued_after_restart))"
echo "crash_restart: all checks passed"
