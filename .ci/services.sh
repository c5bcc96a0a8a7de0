# Helpers for .ci/run: each ensure_* checks a service and starts it when it is down,
# using the commands this machine kind documents. Sourced, not executed.

wait_port() { # host port name
  for _ in $(seq 1 60); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 1
  done
  echo "$3 did not come up on $1:$2" >&2; return 1
}

up() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

ensure_postgres() {
  up 127.0.0.1 5432 || pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
  wait_port 127.0.0.1 5432 PostgreSQL
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" postgres | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" postgres
  # The test packages run in parallel, each with its own pools (and
  # FerretDB keeps its own): PostgreSQL's default of 100 connections has
  # been seen exhausted ("too many clients"). Raise it once; it needs a
  # restart.
  if [ "$(psql -h 127.0.0.1 -U postgres -tAc 'SHOW max_connections' postgres)" -lt 300 ]; then
    psql -h 127.0.0.1 -U postgres -qc "ALTER SYSTEM SET max_connections = 300" postgres
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main restart
    wait_port 127.0.0.1 5432 PostgreSQL
  fi
  echo "PostgreSQL up"
}

ensure_mariadb() {
  up 127.0.0.1 3306 || start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd -- --user=mysql || true
  wait_port 127.0.0.1 3306 MariaDB
  mariadb -h 127.0.0.1 -u root -e "CREATE DATABASE IF NOT EXISTS test"
  echo "MariaDB up"
}

ensure_redis() {
  up 127.0.0.1 6379 || redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  wait_port 127.0.0.1 6379 Redis
  echo "Redis up"
}

# Redis Cluster for redisadapter's cluster tests: three primaries (no
# replicas) on 127.0.0.1:7000-7002, each with its data and nodes.conf in
# $REDIS_CLUSTER_DIR/<port>, so that a node restarted later rejoins its
# cluster. Idempotent: running nodes are left alone, the cluster is created
# only while no slot is assigned, and it returns once `cluster info` says ok.
REDIS_CLUSTER_PORTS="7000 7001 7002"
REDIS_CLUSTER_DIR="${REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/gatehouse-redis-cluster}"
GATEHOUSE_REDIS_CLUSTER_ADDRS="127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002"

ensure_redis_cluster() {
  local port addrs=""
  for port in $REDIS_CLUSTER_PORTS; do
    addrs="$addrs 127.0.0.1:$port"
    if ! up 127.0.0.1 "$port"; then
      mkdir -p "$REDIS_CLUSTER_DIR/$port"
      redis-server --daemonize yes --bind 127.0.0.1 --port "$port" \
        --cluster-enabled yes --cluster-config-file nodes.conf --cluster-node-timeout 5000 \
        --save "" --appendonly no --dir "$REDIS_CLUSTER_DIR/$port" \
        --pidfile "$REDIS_CLUSTER_DIR/$port/redis.pid" --logfile "$REDIS_CLUSTER_DIR/$port/redis.log"
    fi
    wait_port 127.0.0.1 "$port" "Redis Cluster node"
  done
  if redis-cli -p 7000 cluster info | grep -q '^cluster_slots_assigned:0'; then
    # shellcheck disable=SC2086 # one argument per node
    redis-cli --cluster create $addrs --cluster-replicas 0 --cluster-yes >/dev/null
  fi
  for _ in $(seq 1 60); do
    local ok=1
    for port in $REDIS_CLUSTER_PORTS; do
      redis-cli -p "$port" cluster info | grep -q '^cluster_state:ok' || ok=0
    done
    if [ "$ok" = 1 ]; then
      echo "Redis Cluster up on $GATEHOUSE_REDIS_CLUSTER_ADDRS"
      return 0
    fi
    sleep 1
  done
  echo "Redis Cluster on $GATEHOUSE_REDIS_CLUSTER_ADDRS did not reach cluster_state:ok; see $REDIS_CLUSTER_DIR/*/redis.log" >&2
  return 1
}

# stop_redis_cluster shuts down the nodes ensure_redis_cluster started (by
# port) and removes their directory; for local use after a test run.
stop_redis_cluster() {
  local port
  for port in $REDIS_CLUSTER_PORTS; do
    up 127.0.0.1 "$port" && redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  done
  rm -rf "$REDIS_CLUSTER_DIR"
}

# FerretDB 1.24 (a MongoDB wire-protocol server written in Go) on the local
# PostgreSQL, database "ferretdb", for mongoadapter's tests. It is built once
# from the module proxy into $FERRETDB_DIR: the module's source is copied
# and build/version/version.txt written (without it the binary panics at
# start). Needs ensure_postgres first.
FERRETDB_VERSION=v1.24.2
FERRETDB_DIR="${FERRETDB_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gatehouse-ferretdb}"
GATEHOUSE_MONGODB_URL="mongodb://127.0.0.1:27017"

ensure_ferretdb() {
  if ! up 127.0.0.1 27017; then
    local bin="$FERRETDB_DIR/ferretdb-$FERRETDB_VERSION"
    if [ ! -x "$bin" ]; then
      local src
      src=$(cd /tmp && GOFLAGS=-mod=mod go mod download -json "github.com/FerretDB/FerretDB@$FERRETDB_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
      [ -n "$src" ] || { echo "could not download FerretDB $FERRETDB_VERSION from the module proxy" >&2; return 1; }
      mkdir -p "$FERRETDB_DIR" && rm -rf "$FERRETDB_DIR/src" && cp -r "$src" "$FERRETDB_DIR/src" && chmod -R u+w "$FERRETDB_DIR/src"
      echo "$FERRETDB_VERSION" > "$FERRETDB_DIR/src/build/version/version.txt"
      (cd "$FERRETDB_DIR/src" && go build -o "$bin" ./cmd/ferretdb)
    fi
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='ferretdb'" postgres | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE ferretdb" postgres
    mkdir -p "$FERRETDB_DIR/state"
    nohup "$bin" --handler=postgresql --postgresql-url=postgres://postgres@127.0.0.1:5432/ferretdb \
      --listen-addr=127.0.0.1:27017 --telemetry=disable --state-dir="$FERRETDB_DIR/state" --log-level=warn \
      >"$FERRETDB_DIR/ferretdb.log" 2>&1 &
    echo $! >"$FERRETDB_DIR/ferretdb.pid"
  fi
  wait_port 127.0.0.1 27017 FerretDB || { tail -20 "$FERRETDB_DIR/ferretdb.log" >&2; return 1; }
  echo "FerretDB up on $GATEHOUSE_MONGODB_URL"
}

ensure_chromium() {
  if ! command -v chromium >/dev/null 2>&1; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  chromium --version
}
