#!/usr/bin/env bash
# Copies shared-events' JSON Schemas (the contract's source of truth) into the Python package, which ships them.
# Run it after any schema change in shared-events; tests/unit/test_vendored_copy.py fails until the copies agree,
# and tests/unit/test_schema.py fails if a schema uses a keyword rebound_processor/_schema.py cannot check yet.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
from="$here/../../shared-events/src/main/resources/rebound/schemas/v1"
to="$here/src/rebound_processor/schemas/v1"
rm -f "$to"/*.json
cp "$from"/*.json "$to"/
echo "Copied $(ls "$to"/*.json | wc -l) schemas from shared-events into $to"
