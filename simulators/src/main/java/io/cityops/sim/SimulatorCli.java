package io.cityops.sim;

import io.cityops.events.Stream;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * Command line of the simulator. Flags:
 *
 * <pre>
 * --scenario NAME|PATH   built-in scenario (see --list) or a YAML file         (required)
 * --out DIR              write a replay folder (+ truth.ndjson, faults.json)
 * --kafka HOST:PORT      publish to Kafka instead of, or as well as, writing
 * --speed N|max          event time per wall time when publishing (default max)
 * --facilities N         fleet size (default: the scenario's)
 * --seed S               random seed (default: the scenario's)
 * --duration D           run length, e.g. 2h or 90m (default: the scenario's)
 * --gzip                 write the stream files as .ndjson.gz
 * --faults SPEC          e.g. malformed=0.01,unknown=0.001,duplicates=0.01,late=0.001,disorderSec=30
 * --list                 print the built-in scenarios
 * </pre>
 */
public final class SimulatorCli {
    private SimulatorCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command; returns the exit status (0 ok, 1 failed, 2 bad usage). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        String scenario = null;
        String dir = null;
        String kafka = null;
        double speed = Double.POSITIVE_INFINITY;
        SimOptions options = SimOptions.defaults();
        try {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                switch (flag) {
                    case "--list" -> {
                        for (String name : Scenario.BUILT_IN) {
                            out.println(
                                    name
                                            + "\t"
                                            + Scenario.load(name)
                                                    .description()
                                                    .strip()
                                                    .lines()
                                                    .findFirst()
                                                    .orElse(""));
                        }
                        return 0;
                    }
                    case "--gzip" -> options = options.gzip(true);
                    case "--scenario" -> scenario = value(args, ++i, flag);
                    case "--out" -> dir = value(args, ++i, flag);
                    case "--kafka" -> kafka = value(args, ++i, flag);
                    case "--speed" -> speed = speed(value(args, ++i, flag));
                    case "--facilities" ->
                            options = options.facilities(integer(value(args, ++i, flag), flag));
                    case "--seed" -> options = options.seed(integer(value(args, ++i, flag), flag));
                    case "--duration" ->
                            options =
                                    options.durationMs(
                                            Fields.parseDuration(
                                                    "--duration", value(args, ++i, flag)));
                    case "--faults" ->
                            options = options.faults(FaultOptions.parse(value(args, ++i, flag)));
                    default ->
                            throw new IllegalArgumentException(
                                    "unknown flag "
                                            + flag
                                            + "; see the class comment of SimulatorCli for the flags");
                }
            }
            if (scenario == null) {
                throw new IllegalArgumentException(
                        "--scenario NAME|PATH is required; built-in: " + Scenario.BUILT_IN);
            }
            if (dir == null && kafka == null) {
                throw new IllegalArgumentException(
                        "nothing to do: give --out DIR and/or --kafka HOST:PORT");
            }
        } catch (IllegalArgumentException | ScenarioException e) {
            err.println("simulator: " + e.getMessage());
            return 2;
        }
        try {
            long t0 = System.nanoTime();
            SimulationRun run = new Simulator(Scenario.load(scenario), options).run();
            err.printf(
                    "simulator: %s, seed %d, %d registry entries, %d truth entries, %s to %s%n",
                    run.scenario().name(),
                    run.seed(),
                    run.registry().size(),
                    run.truth().size(),
                    Instant.ofEpochMilli(run.start()),
                    Instant.ofEpochMilli(run.end()));
            if (dir != null) {
                Map<Stream, Long> counts = run.writeTo(Path.of(dir));
                err.printf(
                        "simulator: wrote %s in %.1f s: %s; %d injected faults%n",
                        dir,
                        (System.nanoTime() - t0) / 1e9,
                        counts,
                        run.faults().deadLetters()
                                + run.faults().count(FaultReport.DUPLICATE)
                                + run.faults().count(FaultReport.LATE));
            }
            if (kafka != null) {
                try (KafkaPublisher publisher = new KafkaPublisher(kafka)) {
                    publisher.publish(
                            run,
                            speed,
                            p ->
                                    err.printf(
                                            "simulator: %s %d messages, event time %s%n",
                                            p.done() ? "done," : "sent",
                                            p.sent(),
                                            Instant.ofEpochMilli(p.eventTs())));
                }
            }
            return 0;
        } catch (ScenarioException | IllegalArgumentException e) {
            err.println("simulator: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("simulator: failed: " + e);
            return 1;
        }
    }

    private static String value(String[] args, int i, String flag) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return args[i];
    }

    private static int integer(String v, String flag) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " " + v + " is not a whole number");
        }
    }

    static double speed(String v) {
        if (v.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        try {
            double s = Double.parseDouble(v);
            if (s > 0 && Double.isFinite(s)) {
                return s;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException("--speed " + v + " is not a positive number or 'max'");
    }
}
