#!/usr/bin/env bash
# Build civid with AddressSanitizer and UndefinedBehaviorSanitizer
# (make SANITIZE=1), start a throwaway PostgreSQL 15 server that loads it,
# run "make installcheck" and the pgTAP files against it, and fail if the
# server log contains any sanitizer report or backend crash.
#
# The build happens in a copy of the working tree, so the objects of a
# normal build in the checkout are left alone.  The server is Debian's
# postgres, which is not instrumented, so libasan is preloaded into it with
# LD_PRELOAD.  Leak detection is off because postgres frees memory by
# dropping whole memory contexts and at process exit, which LeakSanitizer
# reports as leaks.
#
# Usage: fuzz/run_sanitized_suite.sh   (as root, or as a user who can
# install packages with sudo and run postgres)
set -euo pipefail
source "$(dirname "$0")/../scripts/common.sh"

start_time=$(date +%s)
install_build_packages
install_packages "postgresql-$PG_MAJOR-pgtap" libtap-parser-sourcehandler-pgtap-perl

export PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
bindir=$("$PG_CONFIG" --bindir)
libasan=$(gcc -print-file-name=libasan.so)
if [ ! -e "$libasan" ]; then
	echo "FAIL: gcc has no libasan.so ($libasan); install libasan for gcc" >&2
	exit 1
fi

work_dir=$(mktemp -d /tmp/civid-sanitized.XXXXXX)
chmod 755 "$work_dir"
tree=$work_dir/tree
stage=$work_dir/stage
cluster_dir=$work_dir/cluster
server_log=$cluster_dir/server.log

# The server must not run as root, so root runs it as postgres.
if [ "$(id -u)" -eq 0 ]; then
	cluster_user=postgres
	as_cluster_user() { runuser -u postgres -- "$@"; }
else
	cluster_user=$(id -un)
	as_cluster_user() { "$@"; }
fi

server_started=false
cleanup() {
	if $server_started; then
		as_cluster_user "$bindir/pg_ctl" -D "$cluster_dir/data" -m immediate \
			-w -t 60 stop >/dev/null 2>&1 || true
	fi
	rm -rf "$work_dir"
}
trap cleanup EXIT

# Debian's postgres links libp11-kit (through libldap and libgnutls), whose
# constructor runs before libasan's own and calls newlocale().  newlocale()
# holds glibc's setlocale lock when it calls malloc(), so ASan initializes
# right there.  Its initialization looks up swift_demangle with dlsym(), and
# the failed look-up makes dlerror() translate its message, which takes the
# same lock again and corrupts it: every later setlocale() or
# bindtextdomain() then hangs, as early as "postgres -V".  A preloaded
# library that defines swift_demangle makes the look-up succeed.  Seen with
# gcc 12's libasan and glibc 2.36 on Debian 12.  The stub returns NULL,
# which ASan takes as "not a Swift name".
swift_stub=$work_dir/swift_demangle_stub.so
cat >"$work_dir/swift_demangle_stub.c" <<'STUB'
#include <stddef.h>
#include <stdint.h>

char	   *swift_demangle(const char *mangled, size_t length, char *output,
						   size_t *output_length, uint32_t flags);

char *
swift_demangle(const char *mangled, size_t length, char *output,
			   size_t *output_length, uint32_t flags)
{
	(void) mangled;
	(void) length;
	(void) output;
	(void) output_length;
	(void) flags;
	return NULL;
}
STUB
gcc -shared -fPIC -o "$swift_stub" "$work_dir/swift_demangle_stub.c"
preload="$libasan $swift_stub"
if ! timeout 20 env LD_PRELOAD="$preload" ASAN_OPTIONS=detect_leaks=0 \
	"$bindir/postgres" -V >/dev/null; then
	echo "FAIL: postgres -V does not finish with $preload preloaded" >&2
	exit 1
fi

echo "== copy the working tree and build it with SANITIZE=1"
mkdir "$tree" "$stage"
chmod 755 "$stage"
tar -C "$TOP" --exclude=./.git --exclude='*.o' --exclude='*.bc' --exclude='*.so' \
	--exclude=./build --exclude=./results --exclude=./output_iso \
	--exclude=./tmp_check --exclude=./log --exclude=./fuzz/corpus-generated \
	--exclude=./fuzz/artifacts --exclude=./fuzz/fuzz_parse \
	--exclude=./test/unit/test_parse -cf - . | tar -C "$tree" -xf -
make -C "$tree" -s SANITIZE=1 PG_CONFIG="$PG_CONFIG"
make -C "$tree" -s SANITIZE=1 PG_CONFIG="$PG_CONFIG" install DESTDIR="$stage" >/dev/null
if ! readelf -d "$stage$("$PG_CONFIG" --pkglibdir)/civid.so" | grep -q 'libasan'; then
	echo "FAIL: the installed civid.so is not linked with libasan" >&2
	exit 1
fi

echo "== start a server with $preload preloaded"
mkdir "$cluster_dir"
chown "$cluster_user" "$cluster_dir"
chmod 700 "$cluster_dir"
as_cluster_user "$bindir/initdb" -D "$cluster_dir/data" -U "$cluster_user" \
	-A trust -E UTF8 >"$work_dir/initdb.log" 2>&1 ||
	{ cat "$work_dir/initdb.log" >&2; echo "FAIL: initdb failed" >&2; exit 1; }
# With no TCP listener and the socket in a private folder, no other server
# can hold this port.
port=$((20000 + RANDOM % 10000))
as_cluster_user tee -a "$cluster_dir/data/postgresql.conf" >/dev/null <<EOF
listen_addresses = ''
unix_socket_directories = '$cluster_dir'
port = $port
extension_destdir = '$stage'
EOF
# abort_on_error makes a sanitizer report end the backend with SIGABRT, so
# the postmaster logs it as a crash and the running test fails as well.
as_cluster_user env LD_PRELOAD="$preload" \
	ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
	UBSAN_OPTIONS=print_stacktrace=1 \
	"$bindir/pg_ctl" -D "$cluster_dir/data" -l "$server_log" -w -t 60 start >/dev/null ||
	{ cat "$server_log" >&2; echo "FAIL: pg_ctl start failed" >&2; exit 1; }
server_started=true

export PGHOST=$cluster_dir PGPORT=$port PGUSER=$cluster_user PGDATABASE=postgres
unset PGSERVICE

echo "== check that backends load the instrumented civid.so"
# A backend that sleeps after using civid keeps its memory map readable.
psql -X -q -d postgres -c "CREATE DATABASE sanitizer_probe"
psql -X -q -d sanitizer_probe -c "CREATE EXTENSION civid"
psql -X -q -A -t -d sanitizer_probe \
	-c "SELECT '001099000123'::citizen_id, pg_sleep(10)" >/dev/null &
probe=$!
backend=
for _ in $(seq 100); do
	backend=$(psql -X -A -t -d postgres -c "SELECT pid FROM pg_stat_activity
		WHERE datname = 'sanitizer_probe' AND query LIKE '%pg_sleep(10)%'")
	[ -n "$backend" ] && break
	sleep 0.1
done
if [ -z "$backend" ] ||
	! grep -q "$stage.*/civid\.so" "/proc/$backend/maps" ||
	! grep -q 'libasan' "/proc/$backend/maps"; then
	echo "FAIL: no backend found that maps libasan and $stage/.../civid.so" >&2
	exit 1
fi
wait "$probe"
echo "ok: backend $backend maps libasan and the staged civid.so"

failed=0
echo "== make installcheck"
if ! (cd "$tree" && timeout 900 make -s SANITIZE=1 PG_CONFIG="$PG_CONFIG" installcheck); then
	cat "$tree/regression.diffs" "$tree/output_iso/regression.diffs" 2>/dev/null | head -n 100 || true
	failed=1
fi

echo "== pg_prove test/pgtap/*.sql"
if ! (cd "$tree" && timeout 900 pg_prove --failures test/pgtap/*.sql); then
	failed=1
fi

as_cluster_user "$bindir/pg_ctl" -D "$cluster_dir/data" -m fast -w -t 60 stop >/dev/null
server_started=false

echo "== server log"
if grep -E -e 'runtime error:|AddressSanitizer|LeakSanitizer' \
	-e 'terminated by signal|was terminated by exception|terminated by exit code' \
	"$server_log" >"$work_dir/findings.log"; then
	head -n 40 "$work_dir/findings.log" >&2
	grep -E -A 30 'runtime error:|ERROR: AddressSanitizer' "$server_log" |
		head -n 120 >&2 || true
	echo "FAIL: the server log contains sanitizer reports or backend crashes (see above)" >&2
	failed=1
else
	echo "ok: no sanitizer report and no backend crash in $(wc -l <"$server_log") log lines"
fi

echo "sanitized suite: $(($(date +%s) - start_time)) s"
if [ "$failed" -ne 0 ]; then
	echo "sanitized suite: FAILED" >&2
	exit 1
fi
echo "sanitized suite: passed"
