package io.cityops.bench;

import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code cityops bench}: loads a simulated city into an in-process Kafka broker, then measures on
 * that same data, one after another: the monitor's sources alone, the monitor, a Flink CEP peer of
 * three of its rules, and Esper alone; then the monitor's latency at half its rate, its state per
 * facility, and a replay of a day. Writes {@code latest.md} and {@code latest.svg} to {@code --out}
 * and prints the ratios between the rows. Flags: see {@link BenchOptions}.
 */
public final class Bench {
    static final String INPUT_PREFIX = "bench.";
    private static final Set<String> SHARED_RULES =
            Set.of("WATERLOGGING", "MANHOLE_COVER", "STREET_ORDER_HOTSPOT");

    /** A 1,000,000-facility state row that would take longer than this is skipped. */
    private static final double STATE_1M_BUDGET_S = 900;

    private Bench() {}

    /** A mistake in how the verb was called: the launcher prints it and exits with status 2. */
    public static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    public static int run(List<String> args) throws Exception {
        BenchOptions o = BenchOptions.parse(args);
        Progress p = new Progress();
        Results results = new Results(o, Machine.here());
        results.code = Checkout.describe();
        Path tmp = Files.createTempDirectory("cityops-bench");
        p.say(
                "bench: %,d facilities, %d h of city time, parallelism %d; scratch in %s",
                o.facilities(), o.hours(), o.parallelism(), tmp);
        try {
            measure(o, p, results, tmp);
        } finally {
            delete(tmp);
        }
        results.seconds = p.elapsedSeconds();
        Report.write(results, o.out().resolve("latest.md"));
        Chart.write(results, o.out().resolve("latest.svg"));
        p.say("wrote %s and %s", o.out().resolve("latest.md"), o.out().resolve("latest.svg"));
        for (String line : results.ratioLines()) {
            System.out.println("  " + line);
        }
        for (Results.Target t : results.targets()) {
            System.out.printf(
                    "  target %-62s %s: %s%n",
                    t.name(),
                    t.met() == null ? "not measured" : t.met() ? "met" : "NOT met",
                    t.measured());
        }
        return 0;
    }

    private static void measure(BenchOptions o, Progress p, Results results, Path tmp)
            throws Exception {
        SimulationRun run =
                new Simulator(BusyDay.scenario(o.facilities(), o.hours()), SimOptions.defaults())
                        .run();
        p.say(
                "simulated the city: %,d registry entries, %,d incidents in its truth",
                run.registry().size(), run.truth().size());
        try (LocalKafka kafka = LocalKafka.start(tmp.resolve("kafka"), 0)) {
            BenchTopics.create(kafka, INPUT_PREFIX, o.partitions());
            BenchTopics.create(kafka, MonitorRow.OUT_PREFIX);
            BenchTopics.create(kafka, CepRow.OUT_PREFIX);
            boolean replayShaped =
                    o.facilities() == ReplayRow.FACILITIES && o.hours() == ReplayRow.HOURS;
            Path day = o.wants("replay") && replayShaped ? tmp.resolve("day") : null;
            CityData.Loaded loaded = CityData.load(run, kafka.bootstrap(), INPUT_PREFIX, day, p);
            results.loaded = loaded;
            p.say(
                    "loaded %,d messages into Kafka in %.1f s (%,.0f a second)%s",
                    loaded.total(),
                    loaded.seconds(),
                    loaded.total() / loaded.seconds(),
                    day == null ? "" : ", and wrote them as a replay folder");
            Setup s = new Setup(o, kafka.bootstrap(), INPUT_PREFIX, run, loaded, p);

            if (o.wants("pass-through")) {
                rowDone(p, results, PassThroughRow.run(s));
            }
            if (o.wants("monitor")) {
                rowDone(p, results, MonitorRow.run(s));
            }
            if (o.wants("cep")) {
                rowDone(p, results, CepRow.run(s));
            }
            if (o.wants("monitor") && o.wants("cep")) {
                results.agreement = agreement(kafka.bootstrap());
                p.say("  %s", results.agreement);
            }
            if (o.wants("esper")) {
                rowDone(p, results, EsperAloneRow.run(s));
            }
            if (o.wants("latency")) {
                Row monitor = results.row("monitor");
                // Half the monitor's measured rate; without that row, a fixed 20,000.
                double rate = monitor == null ? 20_000 : monitor.perSecond() / 2;
                p.say(
                        "latency: the monitor live at %,.0f events/s%s",
                        rate, monitor == null ? " (the monitor row did not run)" : "");
                Latency l = LatencyRow.run(s, kafka, rate, tmp);
                results.latency = l;
                p.say(
                        "  %d samples: p50 %,d ms, p99 %,d ms, max %,d ms; the job's own (beyond the"
                                + " bound) p50 %,d ms, p99 %,d ms",
                        l.samples(), l.rawP(50), l.rawP(99), l.rawP(100), l.ownP(50), l.ownP(99));
            }
            if (o.wants("state")) {
                state(s, kafka, tmp, results);
            }
            if (o.wants("replay")) {
                p.say("replay: a day of %,d facilities", ReplayRow.FACILITIES);
                rowDone(p, results, ReplayRow.run(s, day, tmp));
            }
        }
    }

    private static void rowDone(Progress p, Results results, Row row) {
        results.rows.add(row);
        p.say(
                "%s: %,d events, %,.0f events/s, %.2f CPU s per M events, peak heap %s (old %s),"
                        + " %.1f s",
                row.name(),
                row.events(),
                row.perSecond(),
                row.cpuPerMillion(),
                Report.mb(row.peakHeap()),
                Report.mb(row.peakOld()),
                row.wallSeconds());
    }

    private static void state(Setup s, LocalKafka kafka, Path tmp, Results results)
            throws Exception {
        Progress p = s.progress();
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            if (n == 1_000_000) {
                String skip = skip1m(s.options(), results);
                if (skip != null) {
                    results.state1m = skip;
                    p.say("state: 1,000,000 facilities skipped: %s", skip);
                    break;
                }
            }
            p.say("state: %,d facilities", n);
            StateRow.State st = StateRow.run(s, kafka, n, tmp);
            results.states.add(st);
            p.say(
                    "  savepoint %s, %.0f bytes per facility; live heap %s; %,d inputs rejected; %.0f s",
                    Report.mb(st.savepointBytes()),
                    st.bytesPerFacility(),
                    Report.mb(st.heapBytes()),
                    st.rejected(),
                    st.seconds());
        }
    }

    /** Why the 1,000,000-facility row is skipped, or null to run it. */
    private static String skip1m(BenchOptions o, Results results) {
        if (o.skipState1m()) {
            return "skipped (--skip-state-1m)";
        }
        // Start-up and waits are the same at every size: extrapolate what each facility adds.
        StateRow.State a = results.states.get(0);
        StateRow.State b = results.states.get(results.states.size() - 1);
        double more = 1_000_000.0 - b.facilities();
        double span = Math.max(1, b.facilities() - a.facilities());
        double seconds = b.seconds() + (b.seconds() - a.seconds()) / span * more;
        double heap = b.heapBytes() + (b.heapBytes() - a.heapBytes()) / span * more;
        if (seconds > STATE_1M_BUDGET_S) {
            return String.format(
                    "not run: about %.0f s on this machine (extrapolated from %,d and %,d), over"
                            + " the bench's budget of %.0f s",
                    seconds, a.facilities(), b.facilities(), STATE_1M_BUDGET_S);
        }
        if (heap > Runtime.getRuntime().maxMemory() * 0.7) {
            return String.format(
                    "not run: needs about %s of live heap (extrapolated from %,d and %,d), the JVM"
                            + " has %s",
                    Report.gb((long) heap),
                    a.facilities(),
                    b.facilities(),
                    Report.gb(Runtime.getRuntime().maxMemory()));
        }
        return null;
    }

    /** How the monitor's incidents of the three shared rules compare with the peer's. */
    private static String agreement(String bootstrap) {
        Map<String, Incident> monitor =
                IncidentsTopic.latest(bootstrap, MonitorRow.OUT_PREFIX + Stream.INCIDENTS_TOPIC);
        Map<String, Incident> cep =
                IncidentsTopic.latest(bootstrap, CepRow.OUT_PREFIX + Stream.INCIDENTS_TOPIC);
        monitor.values().removeIf(i -> !SHARED_RULES.contains(i.rule()));
        int same = 0;
        int severity = 0;
        int occurrences = 0;
        List<String> onlyMonitor = new java.util.ArrayList<>();
        for (Incident m : monitor.values()) {
            Incident c = cep.get(m.id());
            if (c == null) {
                onlyMonitor.add(m.id());
                continue;
            }
            same++;
            severity += c.severity() == m.severity() ? 0 : 1;
            occurrences += c.occurrences() == m.occurrences() ? 0 : 1;
        }
        List<String> onlyPeer =
                cep.keySet().stream().filter(id -> !monitor.containsKey(id)).toList();
        return String.format(
                "the peer raised %d incidents, the monitor %d; %d with the same id (rule, subject,"
                        + " opening time), of which %d differ in severity and %d in occurrences;"
                        + " only the monitor's: %s; only the peer's: %s",
                cep.size(),
                monitor.size(),
                same,
                severity,
                occurrences,
                onlyMonitor.isEmpty() ? "none" : onlyMonitor,
                onlyPeer.isEmpty() ? "none" : onlyPeer);
    }

    private static void delete(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path f : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        }
    }
}
