#!/usr/bin/env bash
# `npm run start:prod`: the production build on this machine, differing from
# production only in config (app-config.local-production.yaml points it at
# local servers). See docs/production.md.
#
#   builds   tsc, `backstage-cli repo build`, the app, the backend bundle (skip with --skip-build when
#            packages/backend/dist/bundle.tar.gz is current)
#   starts   PostgreSQL and Redis (reused when already listening on their ports),
#            moto seeded like the demo + Kubernetes API servers, a local OIDC
#            provider, two backend replicas (NODE_ENV=production, the unpacked
#            bundle) and nginx on http://localhost:7007 in front of them
#   stops    everything it started on exit (Ctrl-C, SIGTERM)
#
# Data, logs and generated secrets: data/prod/ (git-ignored).
set -euo pipefail
SCRIPTS_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# PROD_SKIP_SETUP=1: the machine is set up (apt packages, node_modules current)
[ "${PROD_SKIP_SETUP:-}" = 1 ] || bash "$SCRIPTS_DIR/setup.sh"
# shellcheck source=/dev/null
source "$SCRIPTS_DIR/env.sh"
cd "$REPO_ROOT"

skip_build=false
for arg in "$@"; do
  case "$arg" in
    --skip-build) skip_build=true ;;
    *) echo "usage: npm run start:prod [-- --skip-build]" >&2; exit 2 ;;
  esac
done

PROD_DIR="${PROD_DIR:-$REPO_ROOT/data/prod}"
LOG_DIR="$PROD_DIR/logs"
APP_DIR="$PROD_DIR/app"
PORTAL_PORT="${PORTAL_PORT:-7007}"
read -r -a REPLICA_PORTS <<<"${PORTAL_REPLICA_PORTS:-7101 7102}"
LOCAL_POSTGRES_PORT="${LOCAL_POSTGRES_PORT:-7432}"
LOCAL_REDIS_PORT="${LOCAL_REDIS_PORT:-7379}"
LOCAL_MOTO_PORT="${LOCAL_MOTO_PORT:-7500}"
LOCAL_OIDC_PORT="${LOCAL_OIDC_PORT:-7600}"
mkdir -p "$LOG_DIR"
# To stop a run from another shell: kill -TERM "$(cat data/prod/start-prod.pid)"
# (npm does not pass a SIGTERM sent to `npm run` on to this script).
echo $$ >"$PROD_DIR/start-prod.pid"

log() { echo "[start-prod $(date -u +%H:%M:%S)] $*"; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
seconds_since() { echo $(( $(date +%s) - $1 )); }

# Waits until `$2` (a command) succeeds, up to $1 seconds; fails naming $3,
# at once when a process this script started has exited.
wait_for() {
  local timeout=$1 what=$3 started i
  started=$(date +%s)
  until eval "$2" >/dev/null 2>&1; do
    for i in "${!started_pids[@]}"; do
      if ! alive "${started_pids[i]}"; then
        log "${started_names[i]} exited while waiting for $what (logs: $LOG_DIR)"
        return 1
      fi
    done
    if [ "$(seconds_since "$started")" -ge "$timeout" ]; then
      log "$what did not come up within ${timeout}s (logs: $LOG_DIR)"
      return 1
    fi
    sleep 1
  done
}

# ---------------------------------------------------------------- clean-up
started_pids=()
started_names=()
track() { started_pids+=("$1"); started_names+=("$2"); }
stop_postgres=false
stop_redis=false
# An exited child stays a zombie until reaped: that is not alive.
# shellcheck disable=SC2317 # called from cleanup
alive() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ]
}
# shellcheck disable=SC2317 # reached through the traps
cleanup() {
  local code=$?
  trap - EXIT INT TERM
  log "stopping"
  # Newest first: nginx, replicas, the AWS and OIDC stand-ins.
  for ((i = ${#started_pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${started_pids[i]}" 2>/dev/null || true
  done
  for pid in "${started_pids[@]}"; do
    for _ in $(seq 1 30); do alive "$pid" || break; sleep 1; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  if $stop_redis; then
    redis-cli -h 127.0.0.1 -p "$LOCAL_REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
  fi
  if $stop_postgres; then
    as_postgres pg_ctl -D "$PROD_DIR/postgres" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -f "$PROD_DIR/start-prod.pid"
  log "stopped"
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---------------------------------------------------------------- secrets
# Generated once per data/ folder, like the secrets a cluster keeps.
secrets_file="$PROD_DIR/secrets.env"
if [ ! -f "$secrets_file" ]; then
  random_hex() { node -p "require('node:crypto').randomBytes($1).toString('hex')"; }
  umask 077
  {
    echo "BACKEND_SECRET=$(random_hex 32)"
    echo "AUTH_SESSION_SECRET=$(random_hex 32)"
    echo "POSTGRES_PASSWORD=$(random_hex 16)"
    echo "AUTH_OIDC_CLIENT_SECRET=$(random_hex 24)"
    echo "LOCAL_OIDC_PASSWORD=$(random_hex 8)"
  } >"$secrets_file"
  umask 022
fi
set -a
# shellcheck disable=SC1090
source "$secrets_file"
set +a

# ---------------------------------------------------------------- build
if $skip_build && [ -f packages/backend/dist/bundle.tar.gz ]; then
  log "build skipped (--skip-build): using packages/backend/dist/bundle.tar.gz"
else
  build_started=$(date +%s)
  log "building: tsc, the workspace packages, the app, the backend bundle (log: $LOG_DIR/build.log)"
  build() { NODE_ENV=production "$@" >>"$LOG_DIR/build.log" 2>&1 || { tail -40 "$LOG_DIR/build.log"; exit 1; }; }
  : >"$LOG_DIR/build.log"
  build tsc
  # `repo build --all` minus its backend step, which needs a yarn.lock:
  # build-backend-bundle.mjs runs that step with package-lock.json.
  build backstage-cli repo build
  (cd packages/app && build backstage-cli package build)
  build node scripts/prod/build-backend-bundle.mjs
  log "built in $(seconds_since "$build_started")s"
fi
startup_started=$(date +%s)
node scripts/prod/unpack-bundle.mjs "$APP_DIR"

# ---------------------------------------------------------------- PostgreSQL
# initdb and postgres refuse to run as root: as root they run as `postgres`.
as_postgres() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
export POSTGRES_HOST=127.0.0.1 POSTGRES_PORT="$LOCAL_POSTGRES_PORT" POSTGRES_USER=portal
if port_open "$LOCAL_POSTGRES_PORT"; then
  log "PostgreSQL already listening on :$LOCAL_POSTGRES_PORT: reusing it"
else
  command -v initdb >/dev/null || { log "initdb missing: install PostgreSQL server binaries"; exit 1; }
  if [ ! -f "$PROD_DIR/postgres/PG_VERSION" ]; then
    log "initdb $PROD_DIR/postgres"
    mkdir -p "$PROD_DIR/postgres"
    pwfile="$PROD_DIR/postgres.pw"
    (umask 077 && printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile")
    if [ "$(id -u)" = "0" ]; then chown postgres "$PROD_DIR/postgres" "$pwfile"; fi
    as_postgres initdb -D "$PROD_DIR/postgres" -U portal --pwfile="$pwfile" \
      --auth-host=scram-sha-256 --auth-local=peer -E UTF8 >"$LOG_DIR/initdb.log"
    rm -f "$pwfile"
  fi
  log "starting PostgreSQL on 127.0.0.1:$LOCAL_POSTGRES_PORT"
  # its log lives in the data folder: the postgres user writes it
  as_postgres pg_ctl -D "$PROD_DIR/postgres" -l "$PROD_DIR/postgres/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $LOCAL_POSTGRES_PORT -k /tmp -c max_connections=300" start >/dev/null
  stop_postgres=true
fi

# ---------------------------------------------------------------- Redis
export CACHE_REDIS_URL="redis://127.0.0.1:$LOCAL_REDIS_PORT"
if port_open "$LOCAL_REDIS_PORT"; then
  log "Redis already listening on :$LOCAL_REDIS_PORT: reusing it"
else
  log "starting Redis on 127.0.0.1:$LOCAL_REDIS_PORT"
  mkdir -p "$PROD_DIR/redis"
  redis-server --bind 127.0.0.1 --port "$LOCAL_REDIS_PORT" --dir "$PROD_DIR/redis" \
    --daemonize yes --logfile "$LOG_DIR/redis.log" --pidfile "$PROD_DIR/redis/redis.pid" \
    --save 60 1 --maxmemory 256mb --maxmemory-policy allkeys-lru >/dev/null
  stop_redis=true
  wait_for 20 "redis-cli -h 127.0.0.1 -p $LOCAL_REDIS_PORT ping" Redis
fi

# ---------------------------------------------------------------- AWS (moto)
for port in "$LOCAL_MOTO_PORT" "$LOCAL_OIDC_PORT" "$PORTAL_PORT" "${REPLICA_PORTS[@]}"; do
  if port_open "$port"; then log "port $port is taken: stop what uses it or choose other ports (docs/production.md)"; exit 1; fi
done
export LOCAL_AWS_ENDPOINT="http://127.0.0.1:$LOCAL_MOTO_PORT"
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=eu-west-1
export TECHDOCS_BUCKET=inbestment-techdocs
log "starting moto on $LOCAL_AWS_ENDPOINT"
# moto with the DescribeAlarmHistory it lacks (built from its own SetAlarmState record).
python3 plugins/aws-ops-node/src/testUtils/moto_server.py -H 127.0.0.1 -p "$LOCAL_MOTO_PORT" >"$LOG_DIR/moto.log" 2>&1 &
track $! moto
wait_for 30 "curl -sf $LOCAL_AWS_ENDPOINT/moto-api/data.json" moto
export LOCAL_AWS_STATE_FILE="$PROD_DIR/local-aws.json"
rm -f "$LOCAL_AWS_STATE_FILE"
node --require @backstage/cli-node/config/nodeTransform.cjs scripts/prod/local-aws.ts \
  >"$LOG_DIR/local-aws.log" 2>&1 &
track $! "the Kubernetes API servers (local-aws.ts)"
wait_for 180 "test -s $LOCAL_AWS_STATE_FILE" "moto seeding"
LOCAL_K8S_PROD_URL="$(node -p "require('$LOCAL_AWS_STATE_FILE').kubernetesApiUrls.prod")"
LOCAL_K8S_STAGING_URL="$(node -p "require('$LOCAL_AWS_STATE_FILE').kubernetesApiUrls.staging")"
export LOCAL_K8S_PROD_URL LOCAL_K8S_STAGING_URL

# The docs pipeline's job in production (builder: external): build and publish
# the store's docs to the bucket, while the rest starts.
node --require @backstage/cli-node/config/nodeTransform.cjs scripts/prod/publish-techdocs.ts \
  >"$LOG_DIR/techdocs.log" 2>&1 &
techdocs_pid=$!

# ---------------------------------------------------------------- OIDC
export PORTAL_BASE_URL="http://localhost:$PORTAL_PORT"
export AUTH_OIDC_CLIENT_ID=inbestment-portal
export AUTH_OIDC_METADATA_URL="http://127.0.0.1:$LOCAL_OIDC_PORT/.well-known/openid-configuration"
log "starting the OIDC provider on http://127.0.0.1:$LOCAL_OIDC_PORT"
LOCAL_OIDC_PORT="$LOCAL_OIDC_PORT" LOCAL_OIDC_CLIENT_ID="$AUTH_OIDC_CLIENT_ID" \
  LOCAL_OIDC_CLIENT_SECRET="$AUTH_OIDC_CLIENT_SECRET" \
  LOCAL_OIDC_REDIRECT_URI="$PORTAL_BASE_URL/api/auth/oidc/handler/frame" \
  node scripts/prod/oidc-provider.mjs >"$LOG_DIR/oidc.log" 2>&1 &
track $! "the OIDC provider"
wait_for 30 "curl -sf $AUTH_OIDC_METADATA_URL" "the OIDC provider"

# ---------------------------------------------------------------- replicas
# What production has no local counterpart for stays unreachable on purpose.
export AUTH_GITHUB_CLIENT_ID=not-used-locally AUTH_GITHUB_CLIENT_SECRET=not-used-locally
export GITHUB_ORG=inbestment
start_replica() {
  local i=$1 port="${REPLICA_PORTS[$1]}"
  log "starting backend replica $((i + 1)) on 127.0.0.1:$port"
  (
    cd "$APP_DIR"
    export NODE_ENV=production PORTAL_LISTEN_PORT="$port"
    exec node --no-node-snapshot --max-old-space-size=1024 packages/backend \
      --config app-config.yaml --config app-config.production.yaml \
      --config app-config.local-production.yaml
  ) >"$LOG_DIR/backend-$((i + 1)).log" 2>&1 &
  track $! "backend replica $((i + 1))"
}
wait_for_replica() {
  wait_for 300 "curl -sf http://127.0.0.1:${REPLICA_PORTS[$1]}/.backstage/health/v1/readiness" \
    "backend replica $(($1 + 1))"
}
# The first replica alone, then the others: on an empty database, replicas
# starting together race in knex's migration set-up (two create the same
# migrations table; the loser's plugin fails and the process stays up unready).
start_replica 0
wait_for_replica 0
log "replica 1 ready after $(seconds_since "$startup_started")s"
for i in "${!REPLICA_PORTS[@]}"; do
  [ "$i" = 0 ] || start_replica "$i"
done
for i in "${!REPLICA_PORTS[@]}"; do
  [ "$i" = 0 ] || wait_for_replica "$i"
done

# ---------------------------------------------------------------- nginx
NGINX_DIR="$PROD_DIR/nginx"
mkdir -p "$NGINX_DIR/tmp"
user_directive=""
if [ "$(id -u)" = "0" ]; then
  user_directive="user nobody nogroup;"
  chown -R nobody:nogroup "$NGINX_DIR/tmp"
fi
upstreams=""
for port in "${REPLICA_PORTS[@]}"; do
  upstreams+="    server 127.0.0.1:$port max_fails=1 fail_timeout=10s;"$'\n'
done
sed -e "s|@USER_DIRECTIVE@|$user_directive|" -e "s|@NGINX_DIR@|$NGINX_DIR|g" \
  -e "s|@LOG_DIR@|$LOG_DIR|g" -e "s|@PORTAL_PORT@|$PORTAL_PORT|g" \
  scripts/prod/nginx.conf.template | awk -v servers="$upstreams" \
  '/@UPSTREAM_SERVERS@/ { printf "%s", servers; next } { print }' >"$NGINX_DIR/nginx.conf"
nginx -t -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" >"$LOG_DIR/nginx-test.log" 2>&1 ||
  { cat "$LOG_DIR/nginx-test.log"; exit 1; }
log "starting nginx on http://localhost:$PORTAL_PORT"
nginx -p "$NGINX_DIR" -c "$NGINX_DIR/nginx.conf" -g 'daemon off;' >"$LOG_DIR/nginx.log" 2>&1 &
track $! nginx
wait_for 30 "curl -sf $PORTAL_BASE_URL/.backstage/health/v1/readiness" nginx

log "ready in $(seconds_since "$startup_started")s: $PORTAL_BASE_URL"
if wait "$techdocs_pid"; then
  log "$(tail -1 "$LOG_DIR/techdocs.log")"
else
  log "TechDocs publishing failed: $LOG_DIR/techdocs.log"
fi
log "sign in with a catalog user (e.g. priya-raman) and the password in $secrets_file (LOCAL_OIDC_PASSWORD)"
log "logs: $LOG_DIR; Ctrl-C stops everything this script started"
# Runs until Ctrl-C/SIGTERM. A replica that exits leaves the others serving
# behind nginx (as a cluster with one pod down); any other process exiting, or
# the last replica, stops everything.
while true; do
  watched=()
  for pid in "${started_pids[@]}"; do alive "$pid" && watched+=("$pid"); done
  wait -n "${watched[@]}" || true
  replicas_alive=0
  for i in "${!started_pids[@]}"; do
    if alive "${started_pids[i]}"; then
      [[ "${started_names[i]}" == backend* ]] && replicas_alive=$((replicas_alive + 1))
      continue
    fi
    [ -n "${started_names[i]}" ] || continue
    if [[ "${started_names[i]}" != backend* ]]; then
      log "${started_names[i]} exited; stopping the rest"
      exit 1
    fi
    log "${started_names[i]} exited; nginx sends its traffic to the other replicas"
    started_names[i]=""
  done
  if [ "$replicas_alive" = 0 ]; then
    log "no backend replica left; stopping the rest"
    exit 1
  fi
done
