# Shared by scripts/demo, scripts/test and bench/run: install what civid
# needs, build it, and run a command against a PostgreSQL 15 server.
#
# The server is a throwaway cluster made by pg_virtualenv, unless one of
# PGHOST, PGPORT, PGDATABASE or PGSERVICE names an existing server.

PG_MAJOR=15
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# Run a command as root: directly when we are root, otherwise with sudo.
as_root() {
	if [ "$(id -u)" -eq 0 ]; then
		"$@"
	else
		sudo "$@"
	fi
}

# Install the Debian packages given as arguments that are not installed yet.
install_packages() {
	local missing=()
	local package
	for package in "$@"; do
		dpkg-query -W -f='${Status}' "$package" 2>/dev/null |
			grep -q 'install ok installed' || missing+=("$package")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "Installing Debian packages: ${missing[*]}"
	as_root apt-get update -qq
	as_root env DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install_build_packages() {
	install_packages make gcc postgresql-common \
		"postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" \
		"postgresql-contrib" "postgresql-client-$PG_MAJOR"
}

uses_existing_server() {
	[ -n "${PGHOST:-}${PGPORT:-}${PGDATABASE:-}${PGSERVICE:-}" ]
}

# Build civid.  For a throwaway cluster, install it into a staging folder
# that the cluster reads through extension_destdir.  For an existing server,
# install it into the server's own directories.
build_civid() {
	export PG_CONFIG="/usr/lib/postgresql/$PG_MAJOR/bin/pg_config"
	make -C "$TOP" -s PG_CONFIG="$PG_CONFIG"
	if uses_existing_server; then
		as_root make -C "$TOP" -s install PG_CONFIG="$PG_CONFIG"
		return
	fi
	# The cluster's server runs as another user when we are root, so the
	# staging folder must be world-readable wherever the checkout lives.
	CIVID_STAGE=$(mktemp -d /tmp/civid-stage.XXXXXX)
	trap 'rm -rf "$CIVID_STAGE"' EXIT
	chmod 755 "$CIVID_STAGE"
	make -C "$TOP" -s install PG_CONFIG="$PG_CONFIG" DESTDIR="$CIVID_STAGE" >/dev/null
	export CIVID_STAGE
}

# Run a bash script (the first argument, with the rest as $0, $1, ...)
# with PG* variables pointing at a server where civid is installed.
with_server() {
	if uses_existing_server; then
		bash -c "$@"
	else
		pg_virtualenv -t -v "$PG_MAJOR" -o "extension_destdir=$CIVID_STAGE" \
			-o log_min_messages=log \
			bash -c "$@"
	fi
}
