#!/usr/bin/env bash
# Upgrade checks.  A fresh install of the default version must match its
# committed catalog fingerprint, so a change to the SQL interface cannot
# slip into an existing version.  Every earlier version, installed and then
# updated, must match a fresh install of the default version.  And an
# upgrade that changes hashing must fail while hash indexes or hash
# partitions depend on it.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

top=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/civid-upgrade.XXXXXX)
fresh_db=civid_test_upgrade_fresh_$$
updated_db=civid_test_upgrade_updated_$$
guard_script=

cleanup() {
	[ -n "$guard_script" ] && rm -f "$guard_script"
	dropdb --if-exists "$fresh_db" >/dev/null 2>&1 || true
	dropdb --if-exists "$updated_db" >/dev/null 2>&1 || true
	rm -rf "$work"
}
trap cleanup EXIT

default_version=$(sed -n "s/^default_version = '\(.*\)'/\1/p" "$top/civid.control")
echo "== default version $default_version"

createdb "$fresh_db"
sql "$fresh_db" "CREATE EXTENSION civid" >/dev/null
psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$fresh_db" \
	-f "$top/test/upgrade/fingerprint.sql" >"$work/fresh"

golden="$top/test/upgrade/civid-$default_version.fingerprint"
[ -f "$golden" ] || fail "no committed fingerprint $golden"
if ! diff -u "$golden" "$work/fresh"; then
	fail "the catalog of version $default_version differs from its fingerprint:" \
		"ship SQL changes as a new version with an upgrade script"
fi
pass "fresh install matches test/upgrade/civid-$default_version.fingerprint ($(wc -l <"$work/fresh") lines)"

# Every version with an update path to the default version
versions=$(sql "$fresh_db" "
SELECT source FROM pg_extension_update_paths('civid')
WHERE target = '$default_version' AND path IS NOT NULL
ORDER BY source")
if [ -z "$versions" ]; then
	pass "no earlier version has an update path yet"
fi
for version in $versions; do
	dropdb --if-exists "$updated_db"
	createdb "$updated_db"
	sql "$updated_db" "CREATE EXTENSION civid VERSION '$version'" >/dev/null
	sql "$updated_db" "ALTER EXTENSION civid UPDATE" >/dev/null
	psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$updated_db" \
		-f "$top/test/upgrade/fingerprint.sql" >"$work/updated-$version"
	if ! diff -u "$work/fresh" "$work/updated-$version"; then
		fail "$version updated to $default_version differs from a fresh install"
	fi
	pass "$version updated to $default_version matches a fresh install"
done

# No path leads from the default version to anything else, such as a
# downgrade shortcut
unexpected=$(sql "$fresh_db" "
SELECT source || ' -> ' || target FROM pg_extension_update_paths('civid')
WHERE path IS NOT NULL AND source = '$default_version'")
check_equal "update paths out of $default_version" "" "$unexpected"

# The guard: a stand-in upgrade script that changes hashing calls
# citizen_id_require_no_hash_dependents(), as a real one must.
share_dir=$("${PG_CONFIG:-pg_config}" --sharedir)
destdir=$(sql "$fresh_db" "SHOW extension_destdir")
extension_dir="$destdir$share_dir/extension"
if [ ! -w "$extension_dir" ]; then
	pass "skipped the hash guard check: $extension_dir is not writable"
	exit 0
fi
guard_script="$extension_dir/civid--$default_version--$default_version-hashtest.sql"
cat >"$guard_script" <<'SQL'
SELECT @extschema@.citizen_id_require_no_hash_dependents();
SQL

sql "$fresh_db" "
CREATE TABLE by_hash (id citizen_id) PARTITION BY HASH (id);
CREATE TABLE by_hash_0 PARTITION OF by_hash FOR VALUES WITH (MODULUS 2, REMAINDER 0);
CREATE TABLE by_hash_1 PARTITION OF by_hash FOR VALUES WITH (MODULUS 2, REMAINDER 1);
CREATE TABLE hashed (id citizen_id);
CREATE INDEX hashed_id ON hashed USING hash (id);" >/dev/null

set +e
output=$(psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose -d "$fresh_db" \
	-c "\\set VERBOSITY verbose" \
	-c "ALTER EXTENSION civid UPDATE TO '$default_version-hashtest'" 2>&1)
status=$?
set -e
[ "$status" -ne 0 ] || fail "the update ran although hash objects depend on the hash function"
grep -q "ERROR:  2BP01: cannot change the hash function of citizen_id" <<<"$output" ||
	fail "the update failed with an unexpected error: $output"
grep -q "Dependent objects: index public.hashed_id, partitioned table public.by_hash." <<<"$output" ||
	fail "the error does not name the dependent objects: $output"
pass "update changing the hash is rejected with 2BP01 naming both dependents"
check_equal "extension version after the rejected update" "$default_version" \
	"$(sql "$fresh_db" "SELECT extversion FROM pg_extension WHERE extname = 'civid'")"

sql "$fresh_db" "DROP TABLE by_hash, hashed" >/dev/null
sql "$fresh_db" "ALTER EXTENSION civid UPDATE TO '$default_version-hashtest'" >/dev/null
check_equal "extension version once nothing depends on the hash" \
	"$default_version-hashtest" \
	"$(sql "$fresh_db" "SELECT extversion FROM pg_extension WHERE extname = 'civid'")"
