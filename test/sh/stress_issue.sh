#!/usr/bin/env bash
# Issue citizen IDs from 4 concurrent pgbench clients that compete for one
# bucket (same province, sex and birth year), through the trigger and
# through issue_citizen_id().  Run 1 commits everything, run 2 also rolls
# back transactions and savepoints, and run 3 fills a bucket that has only
# 2,000 free serials left.  Check that every committed number is unique and
# in force in the registry, and that the registry contains no number that
# only a rolled-back transaction had.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

database=civid_test_stress_$$
work_dir=$(mktemp -d /tmp/civid-stress-issue.XXXXXX)

cleanup() {
	dropdb --if-exists "$database" || true
	rm -rf "$work_dir"
}
trap cleanup EXIT

clients=4
threads=2
transactions_per_client=500
transactions=$((clients * transactions_per_client))

# Free serials left in the nearly full bucket: every serial divisible by
# full_bucket_step.  One issue per transaction takes them all.
full_bucket_step=500
full_bucket_free=$((1000000 / full_bucket_step))

echo "== prepare $database"
createdb "$database"
sql "$database" "
CREATE EXTENSION civid;

CREATE TABLE births (
	id citizen_id PRIMARY KEY,
	province text NOT NULL,
	sex text NOT NULL,
	birth_date date NOT NULL
);
CREATE TRIGGER births_citizen_id BEFORE INSERT OR UPDATE ON births
	FOR EACH ROW EXECUTE FUNCTION
	assign_citizen_id('id', 'province', 'sex', 'birth_date');

CREATE TABLE issued (id citizen_id PRIMARY KEY);

-- Numbers that rolled-back transactions held, written after the rollback
CREATE TABLE rolled_back (id citizen_id NOT NULL, source text NOT NULL);

CREATE TABLE full_bucket (id citizen_id PRIMARY KEY);
"

# Run pgbench with the given script options, and fail unless it exits 0,
# processes every transaction and reports no failed transaction.  The
# output goes to $work_dir/$label.out.
run_pgbench() {
	local label=$1
	shift
	local output=$work_dir/$label.out
	local status=0 start_ms
	start_ms=$(date +%s%3N)
	pgbench -n -c "$clients" -j "$threads" -t "$transactions_per_client" \
		"$@" "$database" >"$output" 2>&1 || status=$?
	echo "pgbench $label: $(($(date +%s%3N) - start_ms)) ms"
	grep -E '^(number of|tps|latency average| - [0-9]+ transactions)' "$output" || true
	if [ "$status" -ne 0 ]; then
		cat "$output" >&2
		fail "pgbench $label exited with status $status"
	fi
	pass "pgbench $label exit status 0"
	check_equal "pgbench $label transactions processed" \
		"$transactions/$transactions" \
		"$(sed -n 's/^number of transactions actually processed: //p' "$output")"
	check_equal "pgbench $label failed transactions" "0 (0.000%)" \
		"$(sed -n 's/^number of failed transactions: //p' "$output")"
}

# Print the number of transactions pgbench ran for script number $2 of the
# run whose output is $work_dir/$1.out.
script_transactions() {
	local label=$1 script=$2
	awk -v header="SQL script $script:" '
		index($0, header) == 1 { inside = 1; next }
		/^SQL script / { inside = 0 }
		inside && $1 == "-" && $3 == "transactions" { print $2; exit }
	' "$work_dir/$label.out"
}

echo "== run 1: $clients clients x $transactions_per_client transactions, all committed"
cat >"$work_dir/commit_three.sql" <<'EOF'
BEGIN;
INSERT INTO births (province, sex, birth_date)
	VALUES ('040', 'female', '1995-03-01'), ('040', 'female', '1995-11-30');
INSERT INTO issued (id) VALUES (issue_citizen_id('040', 'female', 1995));
COMMIT;
EOF
run_pgbench committed -f "$work_dir/commit_three.sql"
check_equal "births rows after run 1" $((transactions * 2)) \
	"$(sql "$database" "SELECT count(*) FROM births")"
check_equal "issued rows after run 1" "$transactions" \
	"$(sql "$database" "SELECT count(*) FROM issued")"

echo "== run 2: about two thirds of the transactions roll back all or part"
# The rolled-back script keeps its numbers in pgbench variables and writes
# them to rolled_back in a new transaction after the ROLLBACK.
cat >"$work_dir/roll_back_two.sql" <<'EOF'
BEGIN;
INSERT INTO births (province, sex, birth_date)
	VALUES ('040', 'female', '1995-05-05') RETURNING id::bigint AS births_id \gset
INSERT INTO issued (id)
	VALUES (issue_citizen_id('040', 'female', 1995)) RETURNING id::bigint AS issued_id \gset
ROLLBACK;
INSERT INTO rolled_back (id, source)
	VALUES (citizen_id(:births_id), 'trigger'), (citizen_id(:issued_id), 'issue_citizen_id');
EOF
cat >"$work_dir/commit_two.sql" <<'EOF'
BEGIN;
INSERT INTO births (province, sex, birth_date) VALUES ('040', 'female', '1995-08-08');
INSERT INTO issued (id) VALUES (issue_citizen_id('040', 'female', 1995));
COMMIT;
EOF
# This one rolls back only the trigger's number, to a savepoint, and
# commits the number issue_citizen_id() issues afterwards.
cat >"$work_dir/roll_back_savepoint.sql" <<'EOF'
BEGIN;
SAVEPOINT before_birth;
INSERT INTO births (province, sex, birth_date)
	VALUES ('040', 'female', '1995-09-09') RETURNING id::bigint AS births_id \gset
ROLLBACK TO SAVEPOINT before_birth;
INSERT INTO issued (id) VALUES (issue_citizen_id('040', 'female', 1995));
COMMIT;
INSERT INTO rolled_back (id, source)
	VALUES (citizen_id(:births_id), 'trigger before ROLLBACK TO SAVEPOINT');
EOF
run_pgbench mixed -f "$work_dir/roll_back_two.sql@1" -f "$work_dir/commit_two.sql@1" \
	-f "$work_dir/roll_back_savepoint.sql@1"
# NOTE: pgbench 15.20 with -j 2 sometimes prints per-script transaction
# counts that add up to less than the total (1998 of 2000 even for scripts
# of one SELECT), so the counts per script come from rolled_back instead.
echo "pgbench counts per script: $(script_transactions mixed 1) rolled back," \
	"$(script_transactions mixed 2) committed," \
	"$(script_transactions mixed 3) rolled back to a savepoint"
rolled_back_runs=$(sql "$database" "
SELECT count(*) FROM rolled_back WHERE source = 'issue_citizen_id'")
savepoint_runs=$(sql "$database" "
SELECT count(*) FROM rolled_back
WHERE source = 'trigger before ROLLBACK TO SAVEPOINT'")
committed_runs=$((transactions - rolled_back_runs - savepoint_runs))
echo "run 2 from rolled_back: $rolled_back_runs rolled back," \
	"$savepoint_runs rolled back to a savepoint, so $committed_runs committed"
check_equal "rolled_back rows from the trigger in rolled-back transactions" \
	"$rolled_back_runs" \
	"$(sql "$database" "SELECT count(*) FROM rolled_back WHERE source = 'trigger'")"

births_expected=$((transactions * 2 + committed_runs))
issued_expected=$((transactions + committed_runs + savepoint_runs))
check_equal "births rows after run 2" "$births_expected" \
	"$(sql "$database" "SELECT count(*) FROM births")"
check_equal "issued rows after run 2" "$issued_expected" \
	"$(sql "$database" "SELECT count(*) FROM issued")"

echo "== uniqueness and registry after runs 1 and 2"
check_equal "duplicate ids in births" 0 \
	"$(sql "$database" "SELECT count(*) - count(DISTINCT id) FROM births")"
check_equal "duplicate ids in issued" 0 \
	"$(sql "$database" "SELECT count(*) - count(DISTINCT id) FROM issued")"
check_equal "ids in both births and issued" 0 \
	"$(sql "$database" "SELECT count(*) FROM births JOIN issued USING (id)")"
check_equal "ids outside bucket 040, female, 1995" 0 \
	"$(sql "$database" "
SELECT count(*) FROM (SELECT id FROM births UNION ALL SELECT id FROM issued) AS t
WHERE province_code(id) <> '040' OR sex(id) <> 'female' OR birth_year(id) <> 1995")"
check_equal "table ids in the registry as issued and in force" \
	$((births_expected + issued_expected)) \
	"$(sql "$database" "
SELECT count(*)
FROM (SELECT id FROM births UNION ALL SELECT id FROM issued) AS t
JOIN civid_registry.entries e USING (id)
WHERE e.origin = 'issued' AND e.status = 'in force'")"
check_equal "registry rows with origin issued" \
	$((births_expected + issued_expected)) \
	"$(sql "$database" "
SELECT count(*) FROM civid_registry.entries WHERE origin = 'issued'")"
check_equal "registry rows in no table" 0 \
	"$(sql "$database" "
SELECT count(*) FROM civid_registry.entries e
WHERE NOT EXISTS (SELECT FROM births b WHERE b.id = e.id)
	AND NOT EXISTS (SELECT FROM issued i WHERE i.id = e.id)")"

# A rolled-back number is free again, so a later transaction may have been
# issued it.  The registry may contain it only for that committed row.
check_equal "rolled-back numbers in the registry but in no table" 0 \
	"$(sql "$database" "
SELECT count(*) FROM rolled_back r
JOIN civid_registry.entries e USING (id)
WHERE NOT EXISTS (SELECT FROM births b WHERE b.id = r.id)
	AND NOT EXISTS (SELECT FROM issued i WHERE i.id = r.id)")"
echo "rolled-back numbers issued again to a committed row: $(sql "$database" "
SELECT count(*) FROM rolled_back r
WHERE EXISTS (SELECT FROM births b WHERE b.id = r.id)
	OR EXISTS (SELECT FROM issued i WHERE i.id = r.id)")"

echo "== run 3: $transactions issues into a bucket with $full_bucket_free free serials"
# Register every serial of bucket 040, male, 2000 except the multiples of
# full_bucket_step, so random draws almost always fail and the issuers race
# for the remaining gaps.
start_ms=$(date +%s%3N)
sql "$database" "
INSERT INTO civid_registry.entries (id, origin, registered_by)
SELECT citizen_id(40200000000 + serial), 'registered', current_user
FROM generate_series(0, 999999) AS serial
WHERE serial % $full_bucket_step <> 0;
"
echo "filled the bucket in $(($(date +%s%3N) - start_ms)) ms"
[ "$full_bucket_free" -eq "$transactions" ] ||
	fail "run 3 needs one transaction per free serial: $full_bucket_free free, $transactions transactions"
cat >"$work_dir/issue_one.sql" <<'EOF'
INSERT INTO full_bucket (id) VALUES (issue_citizen_id('040', 'male', 2000));
EOF
run_pgbench full -f "$work_dir/issue_one.sql"
check_equal "full_bucket rows" "$full_bucket_free" \
	"$(sql "$database" "SELECT count(*) FROM full_bucket")"
check_equal "full_bucket rows whose serial was not free" 0 \
	"$(sql "$database" "
SELECT count(*) FROM full_bucket
WHERE id::bigint - 40200000000 NOT BETWEEN 0 AND 999999
	OR serial_number(id) % $full_bucket_step <> 0")"
check_equal "registry rows of the full bucket" 1000000 \
	"$(sql "$database" "
SELECT count(*) FROM civid_registry.entries
WHERE id BETWEEN '040200000000' AND '040200999999'")"

echo "== one more issue in the full bucket fails with SQLSTATE 54000"
if output=$(psql -X -q -A -t -d "$database" -v ON_ERROR_STOP=1 \
	-v VERBOSITY=verbose \
	-c "SELECT issue_citizen_id('040', 'male', 2000)" 2>&1); then
	fail "issue_citizen_id in the full bucket returned $output"
fi
case $output in
*"ERROR:  54000: no free citizen ID for code 040"*) pass "full bucket: ${output%%$'\n'*}" ;;
*) fail "full bucket: unexpected error: $output" ;;
esac

echo "== totals"
sql "$database" "
SELECT origin, status, count(*) FROM civid_registry.entries
GROUP BY origin, status ORDER BY origin, status"
echo "stress_issue: all checks passed"
