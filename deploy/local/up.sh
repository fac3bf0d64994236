#!/usr/bin/env bash
# Starts the real engines on this machine, each its own JVM or process, without Docker:
#   a Kafka broker (KRaft, jars from Maven Central) with the contract's topics,
#   influxd (Debian's influxdb 1.x) when it is installed,
#   a Flink session cluster: a JobManager and N TaskManagers (jars from Maven Central).
# Then prints the addresses. deploy/local/submit.sh runs the job on it, status.sh shows it,
# down.sh stops it.
#
# usage: up.sh [--data DIR] [--kafka-port 9092] [--rest-port 8081] [--influx-port 8086]
#              [--taskmanagers 2] [--slots 2] [--tm-memory 1280m] [--jm-memory 1024m] [--no-influx]
# A port not given is the usual one when it is free, else any free port.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_data_flag "$@"
set -- ${ARGS[@]+"${ARGS[@]}"}

kafka_port="" rest_port="" influx_port="" tms=2 slots=2 tm_mem=1280m jm_mem=1024m influx=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --kafka-port) kafka_port="$2"; shift 2 ;;
    --rest-port) rest_port="$2"; shift 2 ;;
    --influx-port) influx_port="$2"; shift 2 ;;
    --taskmanagers) tms="$2"; shift 2 ;;
    --slots) slots="$2"; shift 2 ;;
    --tm-memory) tm_mem="$2"; shift 2 ;;
    --jm-memory) jm_mem="$2"; shift 2 ;;
    --no-influx) influx=no; shift ;;
    *) die "unknown flag '$1'; see the usage at the top of $0" ;;
  esac
done
for p in "$kafka_port" "$rest_port" "$influx_port"; do
  if [ -n "$p" ] && port_in_use "$p"; then die "port $p is in use; pick another or leave the flag out"; fi
done

for n in kafka jobmanager influxd; do
  alive "$n" && die "already running under $DATA (status.sh shows it, down.sh stops it)"
done

job="$(job_jar)"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"
ensure_lib kafka
ensure_lib flink
mkdir -p "$DATA"/{conf,logs,pids,kafka,flink/tmp,flink/uploads,checkpoints,savepoints}

# Whatever fails from here on, stop what was started.
trap 'rc=$?; if [ $rc -ne 0 ]; then say "start-up failed; stopping what started"; "$LOCAL_DIR/down.sh" --data "$DATA" >/dev/null 2>&1 || true; fi' EXIT

# ---- Kafka -----------------------------------------------------------------------------------
kafka_port="$(free_port "${kafka_port:-9092}")"
controller_port="$(free_port 9093)"
[ "$controller_port" = "$kafka_port" ] && controller_port="$(free_port)"
cat >"$DATA/conf/server.properties" <<PROPS
# Written by deploy/local/up.sh: one KRaft node, broker and controller.
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$kafka_port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$kafka_port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT
log.dirs=$DATA/kafka
num.partitions=4
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=4
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
log.cleaner.dedupe.buffer.size=4194304
PROPS
kafka_java=(java -Xms512m -Xmx512m -cp "$DATA/lib/kafka/*"
  "-Dlog4j2.configurationFile=file:$LOCAL_DIR/conf/log4j-kafka.properties"
  "-Dkafka.log.file=$DATA/logs/kafka.log")
if [ ! -f "$DATA/kafka/meta.properties" ]; then
  cluster_id="$("${kafka_java[@]}" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)"
  "${kafka_java[@]}" kafka.tools.StorageTool format --cluster-id "$cluster_id" \
      --config "$DATA/conf/server.properties" >"$DATA/logs/kafka-format.out" 2>&1 \
    || { cat "$DATA/logs/kafka-format.out" >&2; die "formatting Kafka's storage failed"; }
fi
say "starting Kafka on 127.0.0.1:$kafka_port"
start kafka "$DATA/logs/kafka.out" "${kafka_java[@]}" kafka.Kafka "$DATA/conf/server.properties"

# ---- InfluxDB --------------------------------------------------------------------------------
influx_url=""
if [ "$influx" = yes ] && command -v influxd >/dev/null; then
  influx_port="$(free_port "${influx_port:-8086}")"
  influx_rpc="$(free_port 8088)"
  mkdir -p "$DATA/influxdb"
  cat >"$DATA/conf/influxdb.conf" <<CONF
# Written by deploy/local/up.sh.
reporting-disabled = true
bind-address = "127.0.0.1:$influx_rpc"
[meta]
  dir = "$DATA/influxdb/meta"
[data]
  dir = "$DATA/influxdb/data"
  wal-dir = "$DATA/influxdb/wal"
  query-log-enabled = false
[http]
  bind-address = "127.0.0.1:$influx_port"
  log-enabled = false
[monitor]
  store-enabled = false
CONF
  say "starting influxd on 127.0.0.1:$influx_port"
  start influxd "$DATA/logs/influxd.log" influxd -config "$DATA/conf/influxdb.conf"
  influx_url="http://127.0.0.1:$influx_port"
elif [ "$influx" = yes ]; then
  say "influxd is not installed (apt-get install influxdb); running without InfluxDB"
fi

# ---- Flink -----------------------------------------------------------------------------------
rest_port="$(free_port "${rest_port:-8081}")"
rpc_port="$(free_port 6123)"
conf="$DATA/conf/flink"
mkdir -p "$conf"
cp "$LOCAL_DIR/conf/log4j-flink.properties" "$conf/log4j.properties"
cat >"$conf/config.yaml" <<YAML
# Written by deploy/local/up.sh: a session cluster on 127.0.0.1.
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: $jm_mem
taskmanager.bind-host: 127.0.0.1
taskmanager.host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.memory.process.size: $tm_mem
# Keyed state lives on the heap (hashmap backend); managed memory would only sit idle.
taskmanager.memory.managed.fraction: 0.05
taskmanager.memory.network.min: 32m
taskmanager.memory.network.max: 32m
parallelism.default: 2
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
web.submit.enable: true
web.upload.dir: $DATA/flink/uploads
io.tmp.dirs: $DATA/flink/tmp
state.backend.type: hashmap
execution.checkpointing.dir: file://$DATA/checkpoints
execution.checkpointing.savepoint-dir: file://$DATA/savepoints
# Esper compiles rules into classes of the job's class loader; don't flag its use after close.
classloader.check-leaked-classloader: false
YAML

flink_cp="$DATA/lib/flink/*"
# JobManager and TaskManager memory exactly as Flink's own scripts set it: BashJavaUtils prints
# the JVM flags on one line and the -D dynamic properties on the next.
resource_params() { # GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS
  local out
  out="$(java -cp "$flink_cp" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$conf" 2>&1)" \
    || { echo "$out" >&2; die "Flink could not work out its memory ($1)"; }
  echo "$out" | sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' | tail -2
}
jm_params="$(resource_params GET_JM_RESOURCE_PARAMS)"
tm_params="$(resource_params GET_TM_RESOURCE_PARAMS)"
flink_start() { # NAME JVM-PARAMS MAIN-CLASS DYNAMIC-PROPERTIES
  # shellcheck disable=SC2086
  start "$1" "$DATA/logs/$1.out" java $2 "${JAVA_OPENS[@]}" -cp "$flink_cp" \
    "-Dlog.file=$DATA/logs/$1.log" "-Dlog4j.configurationFile=file:$conf/log4j.properties" \
    "$3" --configDir "$conf" $4
}

say "starting the Flink JobManager (REST and web UI on 127.0.0.1:$rest_port)"
flink_start jobmanager "$(echo "$jm_params" | head -1)" \
  org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint "$(echo "$jm_params" | tail -1)"
for i in $(seq 1 "$tms"); do
  say "starting Flink TaskManager $i ($slots slots, $tm_mem)"
  flink_start "taskmanager-$i" "$(echo "$tm_params" | head -1)" \
    org.apache.flink.runtime.taskexecutor.TaskManagerRunner "$(echo "$tm_params" | tail -1)"
done

cat >"$DATA/local.env" <<ENV
KAFKA=127.0.0.1:$kafka_port
FLINK_REST=http://127.0.0.1:$rest_port
INFLUX=$influx_url
TASKMANAGERS=$tms
ENV

# ---- wait until each is up ----------------------------------------------------------------
wait_for_port "$kafka_port" 60 kafka || { tail -20 "$DATA/logs/kafka.log" >&2 || true; die "Kafka did not start; see $DATA/logs/kafka.log"; }
java -cp "$job:$DATA/lib/kafka/*" "-Dlog4j2.configurationFile=file:$LOCAL_DIR/conf/log4j-kafka.properties" \
  "-Dkafka.log.file=$DATA/logs/topics.log" io.cityops.kafka.ContractTopics --kafka "127.0.0.1:$kafka_port" \
  >"$DATA/logs/topics.out" 2>&1 || { cat "$DATA/logs/topics.out" >&2; die "creating the contract's topics failed"; }
say "Kafka is up with the contract's topics"

if [ -n "$influx_url" ]; then
  for i in $(seq 1 150); do
    curl -sf -o /dev/null "$influx_url/ping" && break
    alive influxd || break
    sleep 0.2
  done
  curl -sf -o /dev/null "$influx_url/ping" || { tail -20 "$DATA/logs/influxd.log" >&2 || true; die "influxd did not start; see $DATA/logs/influxd.log"; }
  say "InfluxDB is up"
fi

registered=0
for i in $(seq 1 180); do
  registered="$(curl -sf "http://127.0.0.1:$rest_port/overview" | json_field taskmanagers || true)"
  [ "${registered:-0}" -ge "$tms" ] 2>/dev/null && break
  alive jobmanager || { tail -30 "$DATA/logs/jobmanager.log" >&2 || true; die "the JobManager stopped; see $DATA/logs/jobmanager.log"; }
  sleep 0.5
done
[ "${registered:-0}" -ge "$tms" ] 2>/dev/null \
  || die "only ${registered:-0} of $tms TaskManagers registered in 90 s; see $DATA/logs/taskmanager-*.log"
say "Flink is up: $tms TaskManagers, $(( tms * slots )) slots"

cat <<EOF

  Kafka bootstrap   127.0.0.1:$kafka_port      topics city.* (registry and incidents compacted)
  Flink web UI      http://127.0.0.1:$rest_port   (REST API on the same port)
  InfluxDB          ${influx_url:-not running (influxd not installed)}
  Data and logs     $DATA    (logs/ has one file per process)

  Run the job       deploy/local/submit.sh --data $DATA
  Drive a scenario  ./cityops simulate --scenario rainstorm --kafka 127.0.0.1:$kafka_port --speed 60
  Status            deploy/local/status.sh --data $DATA
  Stop              deploy/local/down.sh --data $DATA
EOF
