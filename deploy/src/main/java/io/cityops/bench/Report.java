package io.cityops.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** Writes {@code latest.md}: the machine, the command, every figure, the ratios and the targets. */
final class Report {
    private Report() {}

    static void write(Results r, Path file) throws IOException {
        StringBuilder md = new StringBuilder();
        Machine m = r.machine;
        md.append("# Benchmark: latest run\n\n")
                .append("Written by `cityops bench` on ")
                .append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" in ")
                .append(String.format("%.0f s", r.seconds))
                .append(". One run on a shared machine: compare rows by their ratios, not across")
                .append(
                        " machines. What each row is and how to read it: [README.md](README.md).\n\n")
                .append("```\n./cityops bench")
                .append(r.options.args().isEmpty() ? "" : " " + String.join(" ", r.options.args()))
                .append("\n```\n\n![throughput and latency](latest.svg)\n\n");

        md.append("## Machine\n\n| | |\n|---|---|\n")
                .append(String.format("| code | %s |\n", r.code))
                .append(String.format("| `nproc` | %d (%s) |\n", m.cpus(), m.cpuModel()))
                .append(
                        String.format(
                                "| memory | %s, JVM heap at most %s |\n",
                                gb(m.memoryBytes()), gb(m.maxHeapBytes())))
                .append(String.format("| Java | %s |\n", m.java()))
                .append(
                        String.format(
                                "| Flink | %s (local MiniCluster in the bench's JVM, parallelism %d) |\n",
                                m.flink(), r.options.parallelism()))
                .append(
                        String.format(
                                "| Kafka | %s (in-process broker, 4 partitions a topic) |\n",
                                m.kafka()))
                .append(String.format("| OS | %s |\n\n", m.os()));

        if (r.loaded != null) {
            md.append("## The city\n\n")
                    .append(
                            String.format(
                                    "%,d facilities over %d h of city time (the bench's busy day: a flood, a"
                                            + " manhole, a hotspot and an entrapment every %d min): %,d"
                                            + " messages, %s. Loaded into the broker in %.1f s.\n\n",
                                    r.options.facilities(),
                                    r.options.hours(),
                                    BusyDay.SLOT_MIN,
                                    r.loaded.total(),
                                    r.loaded.counts(),
                                    r.loaded.seconds()));
        }

        md.append("## Throughput\n\n")
                .append(
                        "| row | what it runs | events | events/s | CPU s per M events | peak heap | old gen peak | wall |\n")
                .append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Row row : r.rows) {
            md.append(
                    String.format(
                            "| %s | %s | %,d | %,.0f | %.2f | %s | %s | %.1f s |\n",
                            row.name(),
                            row.note(),
                            row.events(),
                            row.perSecond(),
                            row.cpuPerMillion(),
                            mb(row.peakHeap()),
                            mb(row.peakOld()),
                            row.wallSeconds()));
        }
        md.append("\nRatios (the same data, one run after another, on this machine):\n\n");
        for (String line : r.ratioLines()) {
            md.append("- ").append(line).append('\n');
        }
        if (r.agreement != null) {
            md.append("\nMonitor and CEP peer on the three rules they share: ")
                    .append(r.agreement)
                    .append('\n');
        }

        Latency l = r.latency;
        if (l != null) {
            md.append("\n## Latency at half load\n\n")
                    .append(
                            String.format(
                                    "The monitor live (unbounded input, checkpoints every 30 s) while the city"
                                            + " was published at %,.0f events/s (half the monitor row's; %,.0f"
                                            + " achieved), which ran the city at %.0fx real time. The"
                                            + " out-of-orderness bound of %d s is %.0f ms of wall time at that"
                                            + " speed. %,d incident versions made by a match, timed from their"
                                            + " last evidence's append to their own (%s); %d left out as"
                                            + " warm-up (first %d s), %d without a matching input, %d"
                                            + " that the input never let the watermark pass.\n\n"
                                            + "The input's share is the wait until every partition of"
                                            + " the sensors, weather and street-order topics had carried"
                                            + " an event past the incident's time plus the bound: no"
                                            + " watermark can pass the incident sooner. It includes the"
                                            + " bound, a rule's own wait (MANHOLE_COVER's 2 min grace)"
                                            + " and quiet partitions (street orders at night). The"
                                            + " job's share is the rest.\n\n",
                                    l.offeredRate(),
                                    l.achievedRate(),
                                    l.speed(),
                                    l.boundMs() / 1000,
                                    l.boundWallMs(),
                                    l.samples(),
                                    l.byRule(),
                                    l.warmup(),
                                    LatencyRow.WARMUP_MS / 1000,
                                    l.unmatched(),
                                    l.never()))
                    .append("| | p50 | p99 | max |\n|---|---:|---:|---:|\n")
                    .append(
                            String.format(
                                    "| append to incident | %,d ms | %,d ms | %,d ms |\n",
                                    l.rawP(50), l.rawP(99), l.rawP(100)))
                    .append(
                            String.format(
                                    "| of which the input's (bound, rule waits, quiet partitions) | %,d ms | %,d ms | %,d ms |\n",
                                    l.waitP(50), l.waitP(99), l.waitP(100)))
                    .append(
                            String.format(
                                    "| the job's own, beyond the bound | %,d ms | %,d ms | %,d ms |\n",
                                    l.ownP(50), l.ownP(99), l.ownP(100)))
                    .append(
                            String.format(
                                    "| append to a read_committed consumer having it | %,d ms | %,d ms | %,d ms |\n",
                                    l.visibleP(50), l.visibleP(99), l.visibleP(100)));
        }

        if (!r.states.isEmpty() || r.state1m != null) {
            md.append("\n## State per facility\n\n")
                    .append(
                            "The registry and one reading per facility through the live monitor, then a")
                    .append(
                            " canonical savepoint; its size on disk over the facilities. Live heap: after")
                    .append(
                            " a full GC, with the job holding that state, less before the job started")
                    .append(
                            " (it includes Esper's in-memory state, which a savepoint does not hold).\n\n")
                    .append(
                            "| facilities | savepoint | bytes per facility | live heap | heap per facility | inputs rejected | took |\n")
                    .append("|---:|---:|---:|---:|---:|---:|---:|\n");
            for (StateRow.State s : r.states) {
                md.append(
                        String.format(
                                "| %,d | %s | %.0f | %s | %,.0f | %,d | %.0f s |\n",
                                s.facilities(),
                                mb(s.savepointBytes()),
                                s.bytesPerFacility(),
                                mb(s.heapBytes()),
                                s.heapBytes() / (double) s.facilities(),
                                s.rejected(),
                                s.seconds()));
            }
            if (r.states.size() >= 2) {
                StateRow.State a = r.states.get(0);
                StateRow.State b = r.states.get(r.states.size() - 1);
                md.append(
                        String.format(
                                "\nFrom %,d to %,d facilities: %.0f savepoint bytes and %,.0f heap bytes per"
                                        + " added facility.\n",
                                a.facilities(),
                                b.facilities(),
                                (b.savepointBytes() - a.savepointBytes())
                                        / (double) (b.facilities() - a.facilities()),
                                (b.heapBytes() - a.heapBytes())
                                        / (double) (b.facilities() - a.facilities())));
            }
            if (r.state1m != null) {
                md.append("\n1,000,000 facilities: ").append(r.state1m).append('\n');
            }
        }

        md.append("\n## Targets\n\n| target | measured | met |\n|---|---|---|\n");
        for (Results.Target t : r.targets()) {
            md.append(
                    String.format(
                            "| %s | %s | %s |\n",
                            t.name(),
                            t.measured(),
                            t.met() == null ? "not measured" : t.met() ? "yes" : "**no**"));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, md, StandardCharsets.UTF_8);
    }

    static String mb(long bytes) {
        return String.format("%,.0f MB", bytes / 1048576.0);
    }

    static String gb(long bytes) {
        return String.format("%.1f GB", bytes / 1073741824.0);
    }

    static String counts(Map<?, Long> m) {
        return m.toString();
    }
}
