# Shared by up.sh, status.sh, submit.sh and down.sh (sourced, not run).
# Everything a run writes lives under one data folder: --data DIR, else $CITYOPS_LOCAL_DATA, else
# deploy/local/.run. Its layout: lib/{kafka,flink} (jars from Maven Central), conf/, logs/, pids/,
# kafka/, flink/, influxdb/, checkpoints/, and local.env with the addresses up.sh chose.

LOCAL_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "$LOCAL_DIR/../.." && pwd)"
DATA="${CITYOPS_LOCAL_DATA:-$LOCAL_DIR/.run}"

# Flink on Java 17 reflects into these (the same list as the cityops launcher); the JobManager
# also runs the job's main() when a jar is submitted over REST, which needs java.util.
JAVA_OPENS=(
  --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED
  --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.math=ALL-UNNAMED
)

say() { echo "deploy/local: $*" >&2; }
die() { echo "deploy/local: $*" >&2; exit 1; }

# Takes --data DIR out of the arguments; the rest are left in ARGS.
take_data_flag() {
  ARGS=()
  while [ $# -gt 0 ]; do
    case "$1" in
      --data) [ $# -ge 2 ] || die "--data needs a folder"; DATA="$2"; shift 2 ;;
      *) ARGS+=("$1"); shift ;;
    esac
  done
  mkdir -p "$DATA"
  DATA="$(cd "$DATA" && pwd)"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A port nobody listens on: the preferred one when it is free, else one at random.
free_port() {
  local want="${1:-}" p i
  if [ -n "$want" ] && ! port_in_use "$want"; then echo "$want"; return; fi
  for i in $(seq 1 200); do
    p=$(( 20000 + RANDOM % 40000 ))
    if ! port_in_use "$p"; then echo "$p"; return; fi
  done
  die "found no free port"
}

wait_for_port() { # PORT SECONDS NAME
  local i
  for i in $(seq 1 $(( $2 * 5 ))); do
    port_in_use "$1" && return 0
    alive "$3" || return 1
    sleep 0.2
  done
  return 1
}

pid_of() { cat "$DATA/pids/$1.pid" 2>/dev/null || true; }
alive() { local p; p="$(pid_of "$1")"; [ -n "$p" ] && kill -0 "$p" 2>/dev/null; }

# start NAME LOGFILE COMMAND...: in its own session, detached from the caller's terminal and pipes.
start() {
  local name="$1" log="$2"; shift 2
  mkdir -p "$DATA/pids" "$(dirname "$log")"
  setsid "$@" >"$log" 2>&1 </dev/null &
  echo $! >"$DATA/pids/$name.pid"
}

# Stops one process by the PID up.sh recorded: TERM, then KILL after a grace period.
stop() {
  local name="$1" p i
  p="$(pid_of "$name")"
  if [ -n "$p" ] && kill -0 "$p" 2>/dev/null; then
    kill -TERM "$p" 2>/dev/null || true
    for i in $(seq 1 75); do kill -0 "$p" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$p" 2>/dev/null; then
      say "$name (pid $p) did not stop in 15 s; killing it"
      kill -KILL "$p" 2>/dev/null || true
    fi
    say "stopped $name (pid $p)"
  fi
  rm -f "$DATA/pids/$name.pid"
}

# The jars of lib/NAME from NAME.pom.xml, copied once (offline when the local repository has
# them, from Maven Central otherwise).
ensure_lib() {
  local name="$1" dir="$DATA/lib/$1"
  [ -f "$dir/.complete" ] && return 0
  say "copying the $name jars from Maven into $dir (once)"
  rm -rf "$dir"; mkdir -p "$dir"
  local goal=(org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies
              -DincludeScope=runtime "-DoutputDirectory=$dir" -f "$LOCAL_DIR/$name.pom.xml")
  mvn -q -B -o "${goal[@]}" >/dev/null 2>&1 || mvn -q -B "${goal[@]}" >&2 \
    || die "could not copy the $name jars (mvn dependency:copy-dependencies failed)"
  touch "$dir/.complete"
}

# The job jar the normal build makes (flink-jobs, classifier job).
job_jar() {
  local j
  j="$(ls "$REPO_DIR"/flink-jobs/target/flink-jobs-*-job.jar 2>/dev/null | head -1 || true)"
  [ -n "$j" ] || die "no job jar in flink-jobs/target; build it first: mvn -q install -DskipTests (or ./cityops build)"
  echo "$j"
}

load_env() {
  [ -f "$DATA/local.env" ] || die "nothing started under $DATA (run deploy/local/up.sh first)"
  # shellcheck disable=SC1091
  . "$DATA/local.env"
}

# A field of a flat JSON object (numbers and strings; enough for Flink's REST answers).
json_field() { # NAME < JSON
  sed -n "s/.*\"$1\"[[:space:]]*:[[:space:]]*\"\{0,1\}\([^\",}]*\).*/\1/p" | head -1
}
