#!/usr/bin/env bash
# Builds and runs `tessera dev`: a private PostgreSQL in .tessera/, the sample tenants, the server.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
export PATH="/opt/swift/usr/bin:$PATH"
swift build -c release --product tessera
exec .build/release/tessera dev "$@"
