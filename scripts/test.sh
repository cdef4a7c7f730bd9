#!/usr/bin/env bash
# `npm test`: set up what is missing, then run the whole suite: type check,
# lint, unit and integration tests (jest, moto, PostgreSQL), browser tests.
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

step() { echo; echo "==== $1"; }

step "type check"
tsc

step "lint"
backstage-cli repo lint

step "unit and integration tests"
CI=true backstage-cli repo test --maxWorkers=2

step "browser tests"
npm run test:e2e
