package io.cityops.cli;

import java.util.Arrays;

/**
 * The {@code cityops} launcher's entry point. Verbs: {@code demo}, {@code replay}, {@code record},
 * {@code backtest}, {@code rules}, {@code simulate}, {@code run}, {@code console}, {@code bench}.
 * Exit status: 0 done, 1 could not run (the reason on one line), 2 wrong usage.
 */
public final class CityOps {
    static final String USAGE =
            String.join(
                    "\n",
                    "usage: cityops VERB [flags]",
                    "  demo      [--scenario rainstorm] [--speed 60] [--facilities 2000] [--data DIR] [--ui-port 8081] [--kafka-port 9092] [--influx-port 8086]",
                    "            an in-process Kafka broker, the simulator and the monitor on a local Flink with its web UI",
                    "  replay    --input DIR --incidents FILE [--rules DIR] [--parallelism N] [--set NAME=VALUE] [--influx URL] [--from TIME] [--until TIME]",
                    "            the monitor over a replay folder or an archive in event time; writes FILE and FILE.rejected",
                    "            (--to-kafka HOST:PORT [--speed N|max] [--topic-prefix P]: re-publishes the input instead)",
                    "  record    --kafka HOST:PORT --out DIR [--topic-prefix P] [--flush-interval 10s] [--stop-at-end]",
                    "            archives the input topics as hourly NDJSON.gz segments; resumes where it stopped",
                    "  backtest  --input DIR --rules DIR [--baseline-rules DIR] [--truth FILE] --out DIR [--from TIME] [--until TIME] [--set NAME=VALUE]",
                    "            the monitor with a candidate and a baseline rule set; writes DIR/report.md and its chart",
                    "  rules     check DIR | deploy DIR --kafka HOST:PORT [--version V] [--at TIME] [--topic-prefix P] [--wait SECONDS]",
                    "            | status --kafka HOST:PORT [--topic-prefix P]",
                    "            compiles a rules folder; deploy also publishes it to city.rules for the running job",
                    "            (--wait: until every instance has taken or refused it); status: what the job said of each set",
                    "  simulate  --scenario NAME|PATH --out DIR [--facilities N] [--seed S] [--gzip] [--faults SPEC]",
                    "            writes a replay folder of the synthetic city (or --kafka HOST:PORT --speed N|max)",
                    "  run       --kafka HOST:PORT [--parallelism N] [--rules DIR] [--set NAME=VALUE] [--influx URL]",
                    "            the monitor against Kafka (what a cluster runs)",
                    "  console   --kafka HOST:PORT [--port 8090] [--users FILE] [--webhooks FILE] [--data DIR] [--bind ADDR]",
                    "            the dispatcher console (web); without --users it writes DATA/users.txt and prints passwords",
                    "  bench     [--facilities 10000] [--hours 24] [--parallelism 2] [--out docs/benchmarks] [--latency-seconds 60] [--rows LIST] [--partitions 4] [--skip-state-1m]",
                    "            loads a simulated city into an in-process broker and measures the monitor against its peers (docs/benchmarks)");

    private CityOps() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
            System.out.println(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "replay" -> ReplayCommand.run(Flags.rest(args));
                case "record" -> RecordCommand.run(Flags.rest(args));
                case "backtest" -> BacktestCommand.run(Flags.rest(args));
                case "rules" -> RulesCommand.run(Flags.rest(args));
                case "demo" -> Demo.run(Flags.rest(args));
                case "simulate" -> {
                    io.cityops.sim.SimulatorCli.main(Arrays.copyOfRange(args, 1, args.length));
                    yield 0;
                }
                case "run" -> RunCommand.run(Flags.rest(args));
                case "console" -> io.cityops.dispatch.Console.run(Flags.rest(args));
                case "bench" -> {
                    try {
                        yield io.cityops.bench.Bench.run(Flags.rest(args));
                    } catch (io.cityops.bench.Bench.UsageException e) {
                        throw new Flags.UsageException(e.getMessage());
                    }
                }
                default ->
                        throw new Flags.UsageException("unknown verb '" + args[0] + "'\n" + USAGE);
            };
        } catch (Flags.UsageException e) {
            System.err.println("cityops " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("cityops " + args[0] + ": " + oneLine(e));
            return 1;
        }
    }

    /** The most telling message of an exception chain, on one line. */
    static String oneLine(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null
                && (t.getMessage() == null
                        || t instanceof java.util.concurrent.ExecutionException)) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return m.replace('\n', ' ');
    }
}
