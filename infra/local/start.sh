#!/usr/bin/env bash
# Starts the real local services FashionFunctions needs: MariaDB and Azurite, on loopback, with their data in
# infra/local/.state (git-ignored). Idempotent: installs what is missing, starts what is not running, and leaves
# running services alone. Then creates database `ml` and user `mdb`/`letmein` and applies the schema.
#
# Environment (all optional): MARIADB_PORT (3306), AZURITE_BLOB_PORT (10000), AZURITE_QUEUE_PORT (10001),
# AZURITE_TABLE_PORT (10002), FASHION_STATE_DIR (infra/local/.state), SKIP_MIGRATE=1 to skip the schema step.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
state="${FASHION_STATE_DIR:-$here/.state}"
db_port="${MARIADB_PORT:-3306}"
blob_port="${AZURITE_BLOB_PORT:-10000}"
queue_port="${AZURITE_QUEUE_PORT:-10001}"
table_port="${AZURITE_TABLE_PORT:-10002}"
socket="$state/mariadb.sock"
mkdir -p "$state"

say() { printf '[start] %s\n' "$*" >&2; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# --- install what is missing -------------------------------------------------------------------------------
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || { say "installing mariadb-server"; apt_install mariadb-server mariadb-client; }
command -v npm >/dev/null 2>&1 || { say "installing nodejs and npm"; apt_install nodejs npm; }
# The explorer page's end-to-end tests drive Debian's Chromium (Playwright cannot download its own browser here).
[ -x /usr/bin/chromium ] || { say "installing chromium (explorer page tests)"; apt_install chromium; }
if [ ! -x "$here/node_modules/.bin/azurite" ]; then
  say "installing azurite (pinned by infra/local/package-lock.json)"
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
mariadbd_bin="$(command -v mariadbd || echo /usr/sbin/mariadbd)"

# --- MariaDB -----------------------------------------------------------------------------------------------
if answers "$db_port"; then
  say "MariaDB already answers on 127.0.0.1:$db_port"
else
  if [ ! -d "$state/mariadb/mysql" ]; then
    say "initialising MariaDB data folder $state/mariadb"
    mariadb-install-db --no-defaults --datadir="$state/mariadb" --user="$(id -un)" \
      --auth-root-authentication-method=socket >"$state/mariadb-install.log" 2>&1
  fi
  say "starting MariaDB on 127.0.0.1:$db_port"
  # Sizes suit a 2-core developer machine importing 70,000 images; everything else is MariaDB's default.
  setsid nohup "$mariadbd_bin" --no-defaults --user="$(id -un)" --datadir="$state/mariadb" \
    --socket="$socket" --port="$db_port" --bind-address=127.0.0.1 --skip-name-resolve \
    --pid-file="$state/mariadb.pid" --log-error="$state/mariadb.err" \
    --innodb-buffer-pool-size=1G --innodb-log-file-size=512M --max-allowed-packet=64M \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci --default-time-zone=+00:00 \
    </dev/null >/dev/null 2>&1 &
  for _ in $(seq 1 60); do answers "$db_port" && break; sleep 0.5; done
  answers "$db_port" || { say "MariaDB did not start; see $state/mariadb.err"; tail -20 "$state/mariadb.err" >&2; exit 1; }
fi

# Our own server is administered through its socket. A server started elsewhere (another checkout, a system service)
# is used as it is when mdb can already reach it over TCP; else through the system's default socket, if that is its.
grants() {
  cat <<'SQL'
CREATE DATABASE IF NOT EXISTS ml CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS 'mdb'@'%' IDENTIFIED BY 'letmein';
CREATE USER IF NOT EXISTS 'mdb'@'localhost' IDENTIFIED BY 'letmein';
GRANT ALL PRIVILEGES ON ml.* TO 'mdb'@'%';
GRANT ALL PRIVILEGES ON ml.* TO 'mdb'@'localhost';
-- Test runs make their own databases (fftest_<run>), so a test run never touches ml.
GRANT ALL PRIVILEGES ON `fftest\_%`.* TO 'mdb'@'%';
GRANT ALL PRIVILEGES ON `fftest\_%`.* TO 'mdb'@'localhost';
FLUSH PRIVILEGES;
SQL
}
mdb_ready() {
  mariadb --protocol=tcp -h 127.0.0.1 -P "$db_port" -umdb -pletmein \
    -e 'CREATE DATABASE IF NOT EXISTS ml; CREATE DATABASE IF NOT EXISTS fftest_start_check; DROP DATABASE fftest_start_check' >/dev/null 2>&1
}
if [ -S "$socket" ]; then
  grants | mariadb --protocol=socket --socket="$socket" -uroot
elif mdb_ready; then
  say "MariaDB on 127.0.0.1:$db_port was started elsewhere; user mdb already has database ml and may create fftest_* databases"
elif ! grants | mariadb --protocol=socket -uroot 2>/dev/null || ! mdb_ready; then
  say "MariaDB on 127.0.0.1:$db_port was started elsewhere and user mdb/letmein cannot use it: run the grants in infra/local/start.sh there as its admin, or set MARIADB_PORT to a free port"
  exit 1
fi
say "database ml and user mdb ready"

# --- Azurite -----------------------------------------------------------------------------------------------
if answers "$blob_port"; then
  say "Azurite already answers on 127.0.0.1:$blob_port"
else
  say "starting Azurite (blob $blob_port, queue $queue_port, table $table_port)"
  mkdir -p "$state/azurite"
  nohup "$here/node_modules/.bin/azurite" --silent --skipApiVersionCheck --loose \
    --location "$state/azurite" \
    --blobHost 127.0.0.1 --blobPort "$blob_port" \
    --queueHost 127.0.0.1 --queuePort "$queue_port" \
    --tableHost 127.0.0.1 --tablePort "$table_port" \
    </dev/null >"$state/azurite.log" 2>&1 &
  for _ in $(seq 1 60); do answers "$blob_port" && answers "$queue_port" && break; sleep 0.5; done
  answers "$blob_port" || { say "Azurite did not start; see $state/azurite.log"; tail -20 "$state/azurite.log" >&2; exit 1; }
fi

# --- schema ------------------------------------------------------------------------------------------------
if [ "${SKIP_MIGRATE:-0}" != "1" ]; then
  say "applying the schema to ml"
  ConnectionStrings__MariaDb="Server=127.0.0.1;Port=$db_port;Database=ml;User ID=mdb;Password=letmein" \
    dotnet run --project "$repo/functions/FashionFunctions.Admin" -- migrate
fi
say "ready: MariaDB 127.0.0.1:$db_port (ml, mdb/letmein), Azurite blob $blob_port queue $queue_port table $table_port"
