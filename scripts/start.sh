#!/usr/bin/env bash
# `npm start`: set up what is missing, then serve the portal in the embedded
# default (frontend http://localhost:3000, backend http://localhost:7007).
set -euo pipefail
bash "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"
mkdir -p data
exec backstage-cli repo start "$@"
