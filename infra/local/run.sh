#!/usr/bin/env bash
# The one command that runs the service locally: starts MariaDB and Azurite, imports Fashion-MNIST when `ml` has no
# images yet, and serves the functions on http://127.0.0.1:7071 — with `func start` where Azure Functions Core Tools is
# installed, else with the small local host in tests/FashionFunctions.TestHost. With no active model yet it first
# trains the default one.
# FASHION_MNIST_DIR names a folder with the four .gz files; otherwise ../shared/fashion-mnist is used when present, else
# the files are downloaded from Zalando's published location.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

bash infra/local/start.sh
[ -f local.settings.json ] || { cp local.settings.sample.json local.settings.json; echo "[run] created local.settings.json from the sample" >&2; }

images="$(mariadb -h 127.0.0.1 -P "${MARIADB_PORT:-3306}" -umdb -pletmein -N -B ml -e 'SELECT COUNT(*) FROM tf_images')"
if [ "$images" -lt 70000 ]; then
  from="${FASHION_MNIST_DIR:-}"
  [ -n "$from" ] || { [ -d "$repo/../shared/fashion-mnist" ] && from="$repo/../shared/fashion-mnist"; } || true
  echo "[run] importing Fashion-MNIST into ml (${from:-default download location})" >&2
  dotnet run --project functions/FashionFunctions.Admin -- import ${from:+--from "$from"}
fi

# Predictions need an active model: train the default one once (a few minutes), unless FASHION_SKIP_TRAIN=1.
active="$(mariadb -h 127.0.0.1 -P "${MARIADB_PORT:-3306}" -umdb -pletmein -N -B ml -e "SELECT COUNT(*) FROM models WHERE status = 'active'")"
if [ "$active" -eq 0 ] && [ "${FASHION_SKIP_TRAIN:-0}" != "1" ]; then
  echo "[run] no active model: training the default one (FASHION_SKIP_TRAIN=1 skips this)" >&2
  dotnet run --project functions/FashionFunctions.Admin -c Release -- train
fi

if command -v func >/dev/null 2>&1; then
  # Core Tools reads local.settings.json from the project folder.
  ln -sf ../../local.settings.json functions/FashionFunctions/local.settings.json
  cd functions/FashionFunctions && exec func start --port 7071
fi
echo "[run] Azure Functions Core Tools not found: serving with the local host" >&2
exec dotnet run --project tests/FashionFunctions.TestHost -- --urls http://127.0.0.1:7071
