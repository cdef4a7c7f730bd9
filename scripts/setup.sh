#!/usr/bin/env bash
# Idempotent set-up for `npm start` and `npm test` on a fresh machine.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$REPO_ROOT"

# System packages: Chromium for browser tests, mkdocs for TechDocs, shellcheck, jq and envsubst for the generated
# deploy scripts. (The generated manifests render with the machine's kubectl (kustomize v5); Debian's kubectl 1.20 is
# too old for them, so it is not a fallback.)
missing=()
command -v shellcheck >/dev/null || missing+=(shellcheck)
command -v jq >/dev/null || missing+=(jq)
command -v envsubst >/dev/null || missing+=(gettext-base)
command -v chromium >/dev/null || missing+=(chromium)
command -v mkdocs >/dev/null || missing+=(mkdocs)
# Debian's mkdocs-material installs the theme here (and pulls in python3-pymdownx)
[ -d /usr/share/mkdocs/themes/material ] || missing+=(mkdocs-material)
# The local production run (scripts/start-prod.sh): the shared cache and the reverse proxy
command -v redis-server >/dev/null || missing+=(redis-server)
command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "[setup] apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "[setup] warning: ${missing[*]} missing and not root; browser tests or TechDocs may fail" >&2
  fi
fi

# Node modules: reinstall only when the lock file or the Node version changed.
stamp_file="node_modules/.setup-stamp"
want_stamp="$(node --version) $(sha256sum package-lock.json | cut -d' ' -f1)"
if [ ! -f "$stamp_file" ] || [ "$(cat "$stamp_file")" != "$want_stamp" ]; then
  echo "[setup] npm install (Node $(node --version), headers from $npm_config_nodedir)"
  # npm ci refuses this lock: it names platform-specific optional packages
  # (e.g. @swc/core-darwin-arm64) that the registry copy here lacks, which npm
  # install skips. --no-save keeps package-lock.json untouched.
  npm install --no-save --no-audit --no-fund
  echo "$want_stamp" > "$stamp_file"
fi
