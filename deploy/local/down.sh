#!/usr/bin/env bash
# Stops everything deploy/local/up.sh started under the data folder, by the PIDs it recorded:
# TaskManagers, JobManager, influxd, Kafka. Data stays (up.sh starts on it again); --wipe removes it.
# usage: down.sh [--data DIR] [--wipe]
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_data_flag "$@"
wipe=no
for a in ${ARGS[@]+"${ARGS[@]}"}; do
  case "$a" in
    --wipe) wipe=yes ;;
    *) die "unknown flag '$a'; down.sh takes --data DIR and --wipe" ;;
  esac
done
# Flink first (all at once; the job's sinks flush to Kafka), then InfluxDB and Kafka.
for f in "$DATA"/pids/taskmanager-*.pid "$DATA/pids/jobmanager.pid"; do
  [ -e "$f" ] && stop "$(basename "$f" .pid)" &
done
wait
for n in influxd kafka; do stop "$n" & done
wait
rm -f "$DATA/local.env"
if [ "$wipe" = yes ]; then
  rm -rf "${DATA:?}"/{kafka,influxdb,flink,checkpoints,savepoints,logs,conf,pids}
  say "removed the data under $DATA (the copied jars in lib/ stay)"
fi
say "stopped"
