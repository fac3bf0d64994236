package io.cityops.bench;

import java.util.ArrayList;
import java.util.List;

/** Everything one run measured, and what it means against the targets of the issue. */
final class Results {
    static final double TARGET_RATE = 150_000;
    static final double TARGET_SHARE = 0.60;
    static final long TARGET_P99_BEYOND_MS = 500;
    static final double TARGET_STATE_BYTES = 300;
    static final double TARGET_REPLAY_S = 120;

    /** A target, whether it was met, and the measured reason. */
    record Target(String name, String measured, Boolean met) {}

    final BenchOptions options;
    final Machine machine;
    final List<Row> rows = new ArrayList<>();
    final List<StateRow.State> states = new ArrayList<>();
    CityData.Loaded loaded;
    Latency latency;
    String state1m;
    String agreement;
    String code;
    double seconds;

    Results(BenchOptions options, Machine machine) {
        this.options = options;
        this.machine = machine;
    }

    Row row(String name) {
        return rows.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /** a's throughput over b's, or NaN when either did not run. */
    double ratio(String a, String b) {
        Row x = row(a);
        Row y = row(b);
        return x == null || y == null ? Double.NaN : x.perSecond() / y.perSecond();
    }

    List<String> ratioLines() {
        List<String> l = new ArrayList<>();
        add(l, "monitor / pass-through", "monitor", "pass-through");
        add(l, "monitor / CEP peer", "monitor", "cep-peer");
        add(l, "Esper alone / monitor", "esper-alone", "monitor");
        return l;
    }

    private void add(List<String> l, String label, String a, String b) {
        double r = ratio(a, b);
        Row x = row(a);
        Row y = row(b);
        if (!Double.isNaN(r)) {
            l.add(
                    String.format(
                            "%s: %.2f x events/s, %.2f x CPU per event",
                            label, r, x.cpuPerMillion() / y.cpuPerMillion()));
        }
    }

    List<Target> targets() {
        List<Target> t = new ArrayList<>();
        Row m = row("monitor");
        if (m != null) {
            t.add(
                    new Target(
                            "full monitor >= 150,000 events/s",
                            String.format("%,.0f events/s", m.perSecond()),
                            m.perSecond() >= TARGET_RATE));
        }
        double share = ratio("monitor", "pass-through");
        if (!Double.isNaN(share)) {
            t.add(
                    new Target(
                            "full monitor >= 60% of pass-through",
                            String.format("%.0f%%", share * 100), share >= TARGET_SHARE));
        }
        double cep = ratio("monitor", "cep-peer");
        if (!Double.isNaN(cep)) {
            t.add(
                    new Target(
                            "full monitor faster than the CEP peer",
                            String.format("%.2f x the peer's events/s", cep),
                            cep > 1));
        }
        if (latency != null && latency.samples() > 0) {
            t.add(
                    new Target(
                            "p99 at half load < 500 ms beyond the out-of-orderness bound",
                            String.format(
                                    "p99 %,d ms beyond (append to append p99 %,d ms, of which"
                                            + " the input's p99 %,d ms; the %d s bound is %.0f ms"
                                            + " of wall time at %.0fx)",
                                    latency.ownP(99),
                                    latency.rawP(99),
                                    latency.waitP(99),
                                    latency.boundMs() / 1000,
                                    latency.boundWallMs(),
                                    latency.speed()),
                            latency.ownP(99) < TARGET_P99_BEYOND_MS));
        }
        for (StateRow.State s : states) {
            t.add(
                    new Target(
                            String.format(
                                    "<= 300 bytes of state per facility (%,d)", s.facilities()),
                            String.format("%.0f bytes", s.bytesPerFacility()),
                            s.bytesPerFacility() <= TARGET_STATE_BYTES));
        }
        if (state1m != null) {
            t.add(new Target("<= 300 bytes of state per facility (1,000,000)", state1m, null));
        }
        Row replay = row("replay-day");
        if (replay != null) {
            t.add(
                    new Target(
                            "replay of a day of 10,000 facilities < 2 min",
                            String.format("%.1f s", replay.wallSeconds()),
                            replay.wallSeconds() < TARGET_REPLAY_S));
        }
        return t;
    }
}
