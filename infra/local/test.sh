#!/usr/bin/env bash
# The one command that runs every test: starts (or reuses) the local MariaDB and Azurite, then runs the whole suite.
# Tests make their own databases (fftest_*), blob containers and queues, so they never touch the `ml` database.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Foundation").
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

bash infra/local/start.sh

# Point the tests at the ports start.sh used (Azurite's development account key is public, not a secret).
db_port="${MARIADB_PORT:-3306}"
blob="${AZURITE_BLOB_PORT:-10000}"; queue="${AZURITE_QUEUE_PORT:-10001}"; table="${AZURITE_TABLE_PORT:-10002}"
export FASHION_TEST_MARIADB="${FASHION_TEST_MARIADB:-Server=127.0.0.1;Port=$db_port;User ID=mdb;Password=letmein}"
export FASHION_TEST_STORAGE="${FASHION_TEST_STORAGE:-DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;}"

dotnet build FashionFunctions.sln -c Release -nologo -clp:ErrorsOnly
log="$(mktemp)"
status=0
dotnet test FashionFunctions.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?
# One closing line in the plain "N passed, N failed" form, summed over the test assemblies.
awk '/^(Passed|Failed)! +- /{ for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit "$status"
