package io.cityops.job.metrics;

import io.cityops.events.Breach;
import io.cityops.events.Codec;
import io.cityops.events.Decoded;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.job.sink.KeyedJson;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Incident versions, keyed by incident id, as the service-level measurements: opened, resolved, the
 * open gauge, times to acknowledge and resolve, breaches. Compares each version with the last one
 * seen, kept until the incident closes; all times are the incident's own (event time).
 */
public final class IncidentSamples extends KeyedProcessFunction<String, KeyedJson, Sample> {
    private static final long serialVersionUID = 1L;

    /** What the last version seen said. A Flink POJO. */
    public static class Seen {
        public long version;
        public IncidentStatus status;
        public String severity;
        public int breaches;
        public boolean acknowledged;

        public Seen() {}
    }

    private transient ValueState<Seen> seen;

    @Override
    public void open(OpenContext ctx) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("seen", Seen.class));
    }

    @Override
    public void processElement(KeyedJson k, Context ctx, Collector<Sample> out) throws Exception {
        Decoded<Incident> d = Codec.decodeIncident(k.json);
        if (!d.isOk()) {
            return; // the job wrote it, so it decodes; nothing to measure otherwise
        }
        Incident i = d.value();
        Seen prev = seen.value();
        if (prev != null && i.version() <= prev.version) {
            return;
        }
        Extractor.Out o = (series, field, ts, value) -> emit(series, field, ts, value, out);
        measure(prev, i, o);
        latency(i, k.latencyMs, o);
        if (i.status() == IncidentStatus.CLOSED) {
            seen.clear(); // a REOPEN later counts as open again, not as a new incident
            return;
        }
        Seen now = new Seen();
        now.version = i.version();
        now.status = i.status();
        now.severity = i.severity().name();
        now.breaches = i.breaches() == null ? 0 : i.breaches().size();
        now.acknowledged = (prev != null && prev.acknowledged) || acknowledged(i.status());
        seen.update(now);
    }

    /** The samples one version adds, given the one before it (null: none seen). */
    static void measure(Seen prev, Incident i, Extractor.Out out) {
        String rule = i.rule();
        String district = i.district();
        long t = i.updatedAt();
        if (prev == null && i.version() == 1) {
            out.add(
                    Schema.series(
                            "incidents_opened",
                            "district",
                            district,
                            "rule",
                            rule,
                            "severity",
                            i.severity().name()),
                    "count",
                    i.openedAt(),
                    1);
        }
        boolean wasOpen = prev != null && prev.status.isActive();
        boolean isOpen = i.status().isActive();
        String severity = i.severity().name();
        if (wasOpen && !(isOpen && prev.severity.equals(severity))) {
            out.add(open(rule, district, prev.severity), "count", t, -1);
        }
        if (isOpen && !(wasOpen && prev.severity.equals(severity))) {
            out.add(open(rule, district, severity), "count", t, 1);
        }
        String department =
                i.departments() == null || i.departments().isEmpty()
                        ? null
                        : i.departments().get(0);
        boolean wasAcknowledged = prev != null && prev.acknowledged;
        if (!wasAcknowledged && acknowledged(i.status())) {
            times("ack", rule, district, department, t - i.openedAt(), i.ackBy(), t, out);
        }
        if (i.status() == IncidentStatus.RESOLVED
                && (prev == null || prev.status != IncidentStatus.RESOLVED)) {
            out.add(
                    Schema.series("incidents_resolved", "district", district, "rule", rule),
                    "count",
                    t,
                    1);
            times("resolve", rule, district, department, t - i.openedAt(), i.resolveBy(), t, out);
        }
        int before = prev == null ? 0 : prev.breaches;
        if (i.breaches() != null) {
            for (int n = before; n < i.breaches().size(); n++) {
                Breach b = i.breaches().get(n);
                out.add(
                        Schema.series(
                                "breaches", "district", district, "kind", b.kind(), "rule", rule),
                        "count",
                        b.at(),
                        1);
            }
        }
    }

    /**
     * End to end: from the arrival in the job of the input that raised a version to the version's
     * emission, in the bucket of the version's own time (a replay through Kafka overwrites it).
     */
    static void latency(Incident i, long latencyMs, Extractor.Out out) {
        if (latencyMs < 0) {
            return; // a version made by a dispatch action or a deadline, not by an input
        }
        String series = Schema.series("incident_latency", "rule", i.rule());
        long t = i.updatedAt();
        out.add(series, "count", t, 1);
        out.add(series, "sum_ms", t, latencyMs);
        out.add(series, "max_ms", t, latencyMs);
    }

    private static boolean acknowledged(IncidentStatus s) {
        return s == IncidentStatus.ACKNOWLEDGED
                || s == IncidentStatus.ASSIGNED
                || s == IncidentStatus.ON_SITE;
    }

    private static String open(String rule, String district, String severity) {
        return Schema.series(
                "open_incidents", "district", district, "rule", rule, "severity", severity);
    }

    private static void times(
            String kind,
            String rule,
            String district,
            String department,
            long tookMs,
            Long deadline,
            long t,
            Extractor.Out out) {
        String series =
                Schema.series(
                        "incident_times",
                        "department",
                        department,
                        "district",
                        district,
                        "kind",
                        kind,
                        "rule",
                        rule);
        double seconds = Math.max(0, tookMs) / 1000.0;
        out.add(series, "count", t, 1);
        out.add(series, "on_time", t, deadline == null || t <= deadline ? 1 : 0);
        out.add(series, "sum_s", t, seconds);
        out.add(series, "max_s", t, seconds);
    }

    private static void emit(
            String series, String field, long ts, double value, Collector<Sample> out) {
        String measurement = Schema.measurement(series);
        out.collect(new Sample(Schema.key(series, field), Schema.bucket(measurement, ts), value));
    }
}
