#!/usr/bin/env bash
# A small InstaUploader cluster on this machine, each service on its own "host": a Linux network namespace with its
# own address on a private bridge (10.77.0.0/24 by default). Needs root and iproute2.
#
#   host        address      runs
#   iu-db       10.77.0.10   PostgreSQL 15 (a throwaway cluster, as the postgres OS user)
#   iu-web1/2   10.77.0.11/12  Web replicas (:8000), the same database and Data Protection keys
#   iu-w1/2/3   10.77.0.21-23  workers (:9000 on 0.0.0.0): w1 signs in with the shared token, w2/w3 with
#                              WORKER_USERNAME/WORKER_PASSWORD; each announces its own address to the Web
#   iu-sbx      10.77.0.30   the Sandbox (Instagram, Dolphin Anty) (:8100)
#   (this host) 10.77.0.1    the bridge iu-br0: you reach every service from here
#
# Workers know the Web only as service discovery's http://web with both replicas as its endpoints
# (services__web__http__0/1), the way a load balancer would front them.
#
#   scripts/cluster-demo.sh            builds, starts the cluster, prints the addresses, stops it on Ctrl+C
#   scripts/cluster-demo.sh up         starts it and returns (state and logs in $IU_CLUSTER_DIR)
#   scripts/cluster-demo.sh down       stops every process and removes the namespaces and the bridge
#   scripts/cluster-demo.sh cut w1     cuts a host's link (ip link set … down); 'mend w1' restores it
#   scripts/cluster-demo.sh kill web1  SIGKILLs a host's service
#
# The xunit test InstaUploader.Tests/Cluster/ClusterTests.cs drives exactly this script.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${IU_CLUSTER_DIR:-/tmp/iu-cluster}"
NET="${IU_CLUSTER_NET:-10.77.0}"
BRIDGE=iu-br0
CONFIG="${CONFIGURATION:-Debug}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
HOSTS=(db web1 web2 w1 w2 w3 sbx)
declare -A ADDR=([db]=10 [web1]=11 [web2]=12 [w1]=21 [w2]=22 [w3]=23 [sbx]=30)

# Services run from their build output (the content root, for appsettings.json), in Development as the AppHost runs them.
ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
bin() { echo "$ROOT/$1/bin/$CONFIG/net10.0"; }
ip_of() { echo "$NET.${ADDR[$1]}"; }
secret() { head -c 24 /dev/urandom | base64 | tr -d '/+=' ; }

need_root() {
  if [[ $(id -u) -ne 0 ]]; then echo "cluster-demo: needs root (network namespaces)" >&2; exit 2; fi
  command -v ip >/dev/null || { echo "cluster-demo: needs iproute2 (ip)" >&2; exit 2; }
}

network_up() {
  ip link add "$BRIDGE" type bridge
  ip addr add "$NET.1/24" dev "$BRIDGE"
  ip link set "$BRIDGE" up
  for h in "${HOSTS[@]}"; do
    ip netns add "iu-$h"
    ip link add "iu-$h" type veth peer name eth0 netns "iu-$h"
    ip link set "iu-$h" master "$BRIDGE" up
    ip -n "iu-$h" addr add "$(ip_of "$h")/24" dev eth0
    ip -n "iu-$h" link set eth0 up
    ip -n "iu-$h" link set lo up
    ip -n "iu-$h" route add default via "$NET.1"
  done
}

# Starts a command in a host's namespace in the background; its pid goes to $STATE/<name>.pid, output to <name>.log.
spawn() {
  local host=$1 name=$2; shift 2
  ip netns exec "iu-$host" "$@" >"$STATE/$name.log" 2>&1 &
  echo $! >"$STATE/$name.pid"
}

wait_http() {
  local url=$1 what=$2 tries=${3:-240}
  for ((i = 0; i < tries; i++)); do
    if curl -fs -o /dev/null --max-time 2 "$url"; then return 0; fi
    sleep 0.5
  done
  echo "cluster-demo: $what did not come up at $url; last log lines:" >&2
  tail -n 30 "$STATE/$what.log" >&2 || true
  return 1
}

postgres_up() {
  local data="$STATE/pgdata" pw="$STATE/pgpass"
  mkdir -p "$data" && chown postgres:postgres "$data" && chmod 700 "$data"
  echo "$PG_PASSWORD" >"$pw" && chown postgres "$pw"
  setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_BIN/initdb" -D "$data" -U postgres \
    --pwfile "$pw" --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$STATE/initdb.log" 2>&1
  echo "host all all $NET.0/24 scram-sha-256" >>"$data/pg_hba.conf"
  # Short keepalives so a session whose host vanished (link cut) is ended, and its advisory locks with it.
  spawn db postgres setpriv --reuid=postgres --regid=postgres --init-groups -- "$PG_BIN/postgres" -D "$data" \
    -c "listen_addresses=$(ip_of db)" -c unix_socket_directories= -c max_connections=300 \
    -c tcp_keepalives_idle=5 -c tcp_keepalives_interval=2 -c tcp_keepalives_count=3
  for ((i = 0; i < 120; i++)); do
    if PGPASSWORD=$PG_PASSWORD psql -h "$(ip_of db)" -U postgres -d postgres -qAtc "SELECT 1" >/dev/null 2>&1; then break; fi
    sleep 0.5
  done
  PGPASSWORD=$PG_PASSWORD psql -h "$(ip_of db)" -U postgres -d postgres -qAtc "CREATE DATABASE instauploader" >/dev/null
}

# No GSS: these namespaces have no DNS, and Npgsql's Kerberos probe would wait on it at every connect.
connection_string() { echo "Host=$(ip_of db);Port=5432;Database=instauploader;Username=postgres;Password=$PG_PASSWORD;Gss Encryption Mode=Disable"; }

web_up() {
  local h=$1
  spawn "$h" "$h" env -i -C "$(bin InstaUploader.Web)" PATH="$PATH" HOME="$STATE" DOTNET_CLI_HOME="$STATE" \
    ASPNETCORE_ENVIRONMENT="$ENVIRONMENT" ASPNETCORE_URLS="http://0.0.0.0:8000" \
    ConnectionStrings__instauploader="$(connection_string)" \
    WORKER_API_TOKEN="$WORKER_API_TOKEN" OPERATOR_API_TOKEN="$OPERATOR_API_TOKEN" \
    WORKER_USERNAME=worker WORKER_PASSWORD="$WORKER_PASSWORD" SCRAPER_API_KEY="$SCRAPER_API_KEY" \
    ADMIN_EMAIL=admin@instauploader.local ADMIN_PASSWORD="$ADMIN_PASSWORD" Demo__Enabled=false \
    services__sandbox__http__0="http://$(ip_of sbx):8100" OTEL_SERVICE_NAME=web \
    Dolphin__RemoteApiUrl="http://$(ip_of sbx):8100/dolphin-anty-api/" Dolphin__ApiToken=sandbox-accepts-any-token \
    OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$h" ${DATA_PROTECTION_CERT:+DataProtection__CertificatePath="$DATA_PROTECTION_CERT"} \
    dotnet InstaUploader.Web.dll
  wait_http "http://$(ip_of "$h"):8000/health" "$h"
}

worker_up() {
  local h=$1 sbx="http://$(ip_of sbx):8100" creds
  if [[ $h == w1 ]]; then creds=(WORKER_API_TOKEN="$WORKER_API_TOKEN"); else creds=(WORKER_USERNAME=worker WORKER_PASSWORD="$WORKER_PASSWORD"); fi
  spawn "$h" "$h" env -i -C "$(bin InstaUploader.Worker)" PATH="$PATH" HOME="$STATE" DOTNET_CLI_HOME="$STATE" \
    ASPNETCORE_ENVIRONMENT="$ENVIRONMENT" ASPNETCORE_URLS="http://0.0.0.0:9000" WORKER_ID="$h" "${creds[@]}" \
    services__web__http__0="http://$(ip_of web1):8000" services__web__http__1="http://$(ip_of web2):8000" \
    LEASE_SECONDS="${LEASE_SECONDS:-10}" UPLOAD_METHOD=instagrapi CONCURRENCY_LIMIT=2 \
    Instagram__WebBaseUrl="$sbx" Instagram__ApiBaseUrl="$sbx" Dolphin__ApiHost="$sbx" \
    Instagram__MinActionDelayMs=0 Instagram__MaxActionDelayMs=0 \
    OTEL_SERVICE_NAME=worker OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$h" MEDIA_TEMP_DIR="$STATE/media-$h" \
    dotnet InstaUploader.Worker.dll
}

up() {
  need_root
  for dll in InstaUploader.Web InstaUploader.Worker InstaUploader.Sandbox; do
    [[ -f "$(bin "$dll")/$dll.dll" ]] || { echo "cluster-demo: build first ($dll.dll missing)" >&2; exit 2; }
  done
  down >/dev/null 2>&1 || true
  mkdir -p "$STATE"
  export PG_PASSWORD=$(secret) WORKER_API_TOKEN=$(secret) OPERATOR_API_TOKEN=$(secret) WORKER_PASSWORD=$(secret)
  export SCRAPER_API_KEY=$(secret) ADMIN_PASSWORD="Adm1n-$(secret)"
  network_up
  postgres_up
  spawn sbx sbx env -i -C "$(bin InstaUploader.Sandbox)" PATH="$PATH" HOME="$STATE" DOTNET_CLI_HOME="$STATE" \
    ASPNETCORE_ENVIRONMENT="$ENVIRONMENT" ASPNETCORE_URLS="http://0.0.0.0:8100" dotnet InstaUploader.Sandbox.dll
  # web1 first: it migrates the database, creates the admin and takes the upkeep lock; web2 then stands by.
  web_up web1
  web_up web2
  wait_http "http://$(ip_of sbx):8100/health" sbx
  for w in w1 w2 w3; do worker_up "$w"; done
  cat >"$STATE/env" <<EOF
WEB1=http://$(ip_of web1):8000
WEB2=http://$(ip_of web2):8000
SANDBOX=http://$(ip_of sbx):8100
OPERATOR_API_TOKEN=$OPERATOR_API_TOKEN
WORKER_API_TOKEN=$WORKER_API_TOKEN
ADMIN_EMAIL=admin@instauploader.local
ADMIN_PASSWORD=$ADMIN_PASSWORD
DATABASE=$(connection_string)
EOF
  echo "cluster up; state, logs and env in $STATE"
  cat "$STATE/env"
}

down() {
  for f in "$STATE"/*.pid; do
    [[ -f $f ]] || continue
    local pid; pid=$(cat "$f")
    # 'ip netns exec', env and setpriv all exec in place: the pid is the service itself. SIGINT is postgres's fast shutdown.
    if [[ $f == */postgres.pid ]]; then kill -INT "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for ((i = 0; i < 40; i++)); do
    local alive=0
    for f in "$STATE"/*.pid; do if [[ -f $f ]] && kill -0 "$(cat "$f")" 2>/dev/null; then alive=1; fi; done
    [[ $alive == 0 ]] && break
    sleep 0.25
  done
  for f in "$STATE"/*.pid; do
    [[ -f $f ]] || continue
    kill -KILL "$(cat "$f")" 2>/dev/null || true
    rm -f "$f"
  done
  for h in "${HOSTS[@]}"; do
    # Anything still inside a namespace (a child the wrapper left behind) goes with it.
    for pid in $(ip netns pids "iu-$h" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "iu-$h" 2>/dev/null || true
    ip link del "iu-$h" 2>/dev/null || true
  done
  ip link del "$BRIDGE" 2>/dev/null || true
  rm -rf "$STATE/pgdata"
}

case "${1:-demo}" in
  up) up ;;
  down) need_root; down ;;
  cut) need_root; ip link set "iu-$2" down ;;
  mend) need_root; ip link set "iu-$2" up ;;
  kill) need_root; kill -KILL "$(cat "$STATE/$2.pid")" ;;
  demo)
    need_root
    (cd "$ROOT" && dotnet build InstaUploader.Web -nologo -v quiet && dotnet build InstaUploader.Worker -nologo -v quiet \
      && dotnet build InstaUploader.Sandbox -nologo -v quiet)
    trap down EXIT INT TERM
    up
    echo "Sign in at \$WEB1 or \$WEB2 (above). Ctrl+C stops the cluster."
    while sleep 3600; do :; done
    ;;
  *) echo "usage: $0 [demo|up|down|cut HOST|mend HOST|kill HOST]" >&2; exit 2 ;;
esac
