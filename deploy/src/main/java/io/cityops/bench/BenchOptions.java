package io.cityops.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The flags of {@code cityops bench}: {@code --facilities N} (10000), {@code --hours H} of city
 * time (24), {@code --parallelism N} (2), {@code --out DIR} (docs/benchmarks), {@code
 * --latency-seconds S} (60, how long the latency run publishes), {@code --rows LIST} (all; comma
 * separated names from {@link #ROWS}), {@code --partitions N} (4, of the topics the rows read),
 * {@code --skip-state-1m}.
 */
record BenchOptions(
        int facilities,
        int hours,
        int parallelism,
        Path out,
        int latencySeconds,
        Set<String> rows,
        int partitions,
        boolean skipState1m,
        List<String> args) {

    static final List<String> ROWS =
            List.of("pass-through", "monitor", "cep", "esper", "latency", "state", "replay");

    static BenchOptions parse(List<String> args) {
        int facilities = 10_000;
        int hours = 24;
        int parallelism = 2;
        Path out = Path.of("docs/benchmarks");
        int latencySeconds = 60;
        Set<String> rows = Set.copyOf(ROWS);
        int partitions = io.cityops.kafka.LocalKafka.PARTITIONS;
        boolean skip1m = false;
        for (int i = 0; i < args.size(); i++) {
            String flag = args.get(i);
            if (flag.equals("--skip-state-1m")) {
                skip1m = true;
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new Bench.UsageException("bench: " + flag + " needs a value");
            }
            String v = args.get(++i);
            switch (flag) {
                case "--facilities" -> facilities = positive(flag, v, 1_000);
                case "--hours" -> hours = positive(flag, v, 1);
                case "--parallelism" -> parallelism = positive(flag, v, 1);
                case "--out" -> out = Path.of(v);
                case "--latency-seconds" -> latencySeconds = positive(flag, v, 5);
                case "--partitions" -> partitions = positive(flag, v, 1);
                case "--rows" -> {
                    rows = Set.of(v.split(","));
                    for (String r : rows) {
                        if (!ROWS.contains(r)) {
                            throw new Bench.UsageException(
                                    "bench: --rows takes names from " + ROWS + ", got '" + r + "'");
                        }
                    }
                }
                default ->
                        throw new Bench.UsageException(
                                "bench: unknown flag '"
                                        + flag
                                        + "'; it takes --facilities N --hours H --parallelism N"
                                        + " --out DIR --latency-seconds S --rows LIST"
                                        + " --partitions N --skip-state-1m");
            }
        }
        return new BenchOptions(
                facilities,
                hours,
                parallelism,
                out,
                latencySeconds,
                rows,
                partitions,
                skip1m,
                List.copyOf(args));
    }

    boolean wants(String row) {
        return rows.contains(row);
    }

    private static int positive(String flag, String v, int min) {
        try {
            int n = Integer.parseInt(v.trim());
            if (n >= min) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Bench.UsageException(
                "bench: "
                        + flag
                        + " takes a whole number of at least "
                        + min
                        + ", got '"
                        + v
                        + "'");
    }
}
