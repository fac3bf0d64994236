#!/usr/bin/env bash
# Submits the job jar to the deploy/local Flink cluster over its REST API (POST /jars/upload,
# then /jars/ID/run), as `flink run` would, and prints the job id. The JobManager runs the jar's
# main (io.cityops.job.ClusterMain): Kafka in, Kafka out, metrics to InfluxDB.
#
# usage: submit.sh [--data DIR] [--jar PATH] [-p N] [-- JOB FLAGS...]
#   --jar    the job jar (default: flink-jobs/target/flink-jobs-*-job.jar from the normal build)
#   -p       parallelism (default 2)
#   JOB FLAGS go to ClusterMain; --kafka (the local broker) and --influx (the local influxd, when
#   up.sh started one) are added unless given, e.g.
#     submit.sh -- --idleness 5s --set waterlogging.depthCm=20
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_data_flag "$@"
set -- ${ARGS[@]+"${ARGS[@]}"}
load_env

jar="" parallelism=2 job_args=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    -p|--parallelism) parallelism="$2"; shift 2 ;;
    --) shift; job_args=("$@"); break ;;
    *) die "unknown flag '$1'; job flags go after --" ;;
  esac
done
[ -n "$jar" ] || jar="$(job_jar)"
[ -f "$jar" ] || die "no job jar at $jar"
case " ${job_args[*]+${job_args[*]}} " in
  *" --kafka "*) ;;
  *) job_args=(--kafka "$KAFKA" ${job_args[@]+"${job_args[@]}"}) ;;
esac
# Metrics to the local influxd when up.sh started one (docs/metrics.md).
case " ${job_args[*]+${job_args[*]}} " in
  *" --influx "*) ;;
  *) [ -z "${INFLUX:-}" ] || job_args+=(--influx "$INFLUX") ;;
esac

json_string() { local s="${1//\\/\\\\}"; s="${s//\"/\\\"}"; printf '"%s"' "$s"; }
args_json=""
for a in "${job_args[@]}"; do args_json+="${args_json:+,}$(json_string "$a")"; done

say "uploading $(basename "$jar") to $FLINK_REST"
upload="$(curl -sS -X POST -H 'Expect:' -F "jarfile=@$jar" "$FLINK_REST/jars/upload")" \
  || die "the upload failed: is the cluster up? (status.sh)"
stored="$(echo "$upload" | json_field filename)"
[ -n "$stored" ] || die "the upload was refused: $upload"
jar_id="$(basename "$stored")"

say "running it: parallelism $parallelism, flags ${job_args[*]}"
run="$(curl -sS -X POST -H 'Content-Type: application/json' \
  -d "{\"entryClass\":\"io.cityops.job.ClusterMain\",\"parallelism\":$parallelism,\"programArgsList\":[$args_json]}" \
  "$FLINK_REST/jars/$jar_id/run")" || die "the run request failed"
job_id="$(echo "$run" | json_field jobid)"
[ -n "$job_id" ] || die "the job did not start: $(echo "$run" | tr -d '\n' | cut -c1-2000)"
echo "$job_id" >"$DATA/job.id"

# Running means every task of it runs (Esper compiles the rules while a task initializes).
say "job $job_id submitted; waiting until all its tasks run"
for i in $(seq 1 240); do
  job="$(curl -sf "$FLINK_REST/jobs/$job_id" || true)"
  state="$(echo "$job" | json_field state)"
  case "$state" in
    FAILED|CANCELED|FINISHED)
      curl -sf "$FLINK_REST/jobs/$job_id/exceptions" | head -c 3000 >&2 || true
      die "job $job_id is $state; see $DATA/logs/jobmanager.log" ;;
  esac
  tasks="$(echo "$job" | grep -o '"status":"[A-Z_]*"' | sort | uniq -c | tr -s ' ' | tr '\n' ',' || true)"
  if [ "$state" = RUNNING ] && ! echo "$job" | grep -o '"status":"[A-Z_]*"' | grep -qv RUNNING; then
    break
  fi
  sleep 0.5
done
[ "$state" = RUNNING ] || die "job $job_id is not running after 120 s (state $state, tasks $tasks)"
say "job $job_id is running: $FLINK_REST/#/job/running/$job_id/overview"
echo "$job_id"
