#!/usr/bin/env bash
# What deploy/local runs: each process with its PID, and Flink's TaskManagers and jobs.
# usage: status.sh [--data DIR]     exit status 0 when every process up.sh started is alive
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
take_data_flag "$@"
load_env
ok=0
for f in "$DATA"/pids/*.pid; do
  [ -e "$f" ] || continue
  n="$(basename "$f" .pid)"
  if alive "$n"; then printf '  %-14s running  pid %s\n' "$n" "$(pid_of "$n")"
  else printf '  %-14s STOPPED  (log: %s)\n' "$n" "$DATA/logs/$n.log"; ok=1; fi
done
echo
echo "  Kafka bootstrap  $KAFKA"
echo "  InfluxDB         ${INFLUX:-not running}"
if overview="$(curl -sf "$FLINK_REST/overview")"; then
  echo "  Flink web UI     $FLINK_REST   taskmanagers $(echo "$overview" | json_field taskmanagers)," \
       "slots $(echo "$overview" | json_field slots-available) free of $(echo "$overview" | json_field slots-total)," \
       "jobs running $(echo "$overview" | json_field jobs-running)"
  curl -sf "$FLINK_REST/jobs/overview" | tr '{' '\n' | grep '"jid"' | while read -r j; do
    echo "    job $(echo "{$j" | json_field jid)  $(echo "{$j" | json_field state)  $(echo "{$j" | json_field name)"
  done || true
else
  echo "  Flink web UI     $FLINK_REST   NOT ANSWERING"; ok=1
fi
exit $ok
