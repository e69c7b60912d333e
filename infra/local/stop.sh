#!/usr/bin/env bash
# Stops the MariaDB and Azurite that infra/local/start.sh started (servers it did not start are left alone).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
state="${FASHION_STATE_DIR:-$here/.state}"

if [ -S "$state/mariadb.sock" ]; then
  mariadb-admin --protocol=socket --socket="$state/mariadb.sock" -uroot shutdown && echo "[stop] MariaDB stopped" >&2
fi
# Found by its data folder, which is this checkout's own, so another checkout's Azurite is left running.
if pkill -f -- "--location $state/azurite" 2>/dev/null; then
  for _ in $(seq 1 20); do pgrep -f -- "--location $state/azurite" >/dev/null || break; sleep 0.25; done
  echo "[stop] Azurite stopped" >&2
fi
