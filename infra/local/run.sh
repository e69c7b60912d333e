#!/usr/bin/env bash
# The one command that runs the service locally: starts MariaDB and Azurite, imports Fashion-MNIST when `ml` has no
# images yet, trains the default model once when none is active, and serves the whole app on
# http://127.0.0.1:${FASHION_PORT:-7071}/api/ — with `func start` where Azure Functions Core Tools is installed, else with
# the local host (functions/FashionFunctions.LocalHost): HTTP functions, and the queue and timer functions on the
# WebJobs trigger engine. Run it twice with different FASHION_PORTs for two instances of one app.
# FASHION_MNIST_DIR names a folder with the four .gz files; otherwise ../shared/fashion-mnist is used when present, else
# the files are downloaded from Zalando's published location.
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
port="${FASHION_PORT:-7071}"
db_port="${MARIADB_PORT:-3306}"

bash infra/local/start.sh
[ -f local.settings.json ] || { cp local.settings.sample.json local.settings.json; echo "[run] created local.settings.json from the sample" >&2; }
# Ports moved from the defaults win over local.settings.json (the environment comes after it, for both hosts).
if [ -n "${MARIADB_PORT:-}" ]; then
  export ConnectionStrings__MariaDb="Server=127.0.0.1;Port=$db_port;Database=ml;User ID=mdb;Password=letmein"
fi
if [ -n "${AZURITE_BLOB_PORT:-}${AZURITE_QUEUE_PORT:-}${AZURITE_TABLE_PORT:-}" ]; then
  # Azurite's development account key is public, not a secret.
  export AzureWebJobsStorage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:${AZURITE_BLOB_PORT:-10000}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:${AZURITE_QUEUE_PORT:-10001}/devstoreaccount1;TableEndpoint=http://127.0.0.1:${AZURITE_TABLE_PORT:-10002}/devstoreaccount1;"
fi

images="$(mariadb -h 127.0.0.1 -P "$db_port" -umdb -pletmein -N -B ml -e 'SELECT COUNT(*) FROM tf_images')"
if [ "$images" -lt 70000 ]; then
  from="${FASHION_MNIST_DIR:-}"
  [ -n "$from" ] || { [ -d "$repo/../shared/fashion-mnist" ] && from="$repo/../shared/fashion-mnist"; } || true
  echo "[run] importing Fashion-MNIST into ml (${from:-default download location})" >&2
  dotnet run --project functions/FashionFunctions.Admin -- import ${from:+--from "$from"}
fi

# Predictions need an active model: train the default one once (a few minutes), unless FASHION_SKIP_TRAIN=1.
active="$(mariadb -h 127.0.0.1 -P "$db_port" -umdb -pletmein -N -B ml -e "SELECT COUNT(*) FROM models WHERE status = 'active'")"
if [ "$active" -eq 0 ] && [ "${FASHION_SKIP_TRAIN:-0}" != "1" ]; then
  echo "[run] no active model: training the default one (FASHION_SKIP_TRAIN=1 skips this)" >&2
  dotnet run --project functions/FashionFunctions.Admin -c Release -- train
fi

if command -v func >/dev/null 2>&1; then
  # Core Tools reads local.settings.json from the project folder.
  ln -sf ../../local.settings.json functions/FashionFunctions/local.settings.json
  cd functions/FashionFunctions && exec func start --port "$port"
fi
echo "[run] Azure Functions Core Tools not found: serving with the local host on http://127.0.0.1:$port" >&2
exec dotnet run --project functions/FashionFunctions.LocalHost -c Release -- --urls "http://127.0.0.1:$port"
