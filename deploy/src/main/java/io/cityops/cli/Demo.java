package io.cityops.cli;

import io.cityops.dispatch.Console;
import io.cityops.dispatch.ConsoleConfig;
import io.cityops.events.Codec;
import io.cityops.events.Incident;
import io.cityops.events.Stream;
import io.cityops.influx.LocalInflux;
import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;
import io.cityops.kafka.LocalKafka;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.Scenario;
import io.cityops.sim.SimOptions;
import io.cityops.sim.SimulationRun;
import io.cityops.sim.Simulator;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code cityops demo}: a Kafka broker in this JVM, the monitor on a local Flink with its web UI,
 * and the simulator publishing a scenario at N times real time. Prints every incident as it opens
 * or changes. Ctrl-C stops everything.
 */
final class Demo {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss").withZone(ZoneId.of("Asia/Shanghai"));

    /** The database the demo's metrics go to. */
    static final String INFLUX_DB = "cityops";

    /** Checkpoints, and so the delay before an incident shows (exactly-once output). */
    static final Duration DEMO_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

    private Demo() {}

    /** What the demo is started with; {@link #parse} reads the flags. Port 0 picks a free one. */
    record Options(
            String scenario,
            double speed,
            int facilities,
            Path data,
            int uiPort,
            int kafkaPort,
            int consolePort,
            int influxPort,
            long seed) {

        static Options parse(List<String> args) {
            Flags f =
                    Flags.parse(
                            "demo",
                            args,
                            Set.of(
                                    "--scenario",
                                    "--speed",
                                    "--facilities",
                                    "--data",
                                    "--ui-port",
                                    "--kafka-port",
                                    "--console-port",
                                    "--influx-port",
                                    "--seed"),
                            Set.of());
            return new Options(
                    f.values.getOrDefault("--scenario", "rainstorm"),
                    parseSpeed(f.values.getOrDefault("--speed", "60")),
                    Integer.parseInt(f.values.getOrDefault("--facilities", "2000")),
                    Path.of(f.values.getOrDefault("--data", ".cityops/demo")),
                    Integer.parseInt(f.values.getOrDefault("--ui-port", "8081")),
                    Integer.parseInt(f.values.getOrDefault("--kafka-port", "9092")),
                    Integer.parseInt(
                            f.values.getOrDefault(
                                    "--console-port", String.valueOf(ConsoleConfig.DEFAULT_PORT))),
                    Integer.parseInt(f.values.getOrDefault("--influx-port", "8086")),
                    Long.parseLong(f.values.getOrDefault("--seed", "20260721")));
        }
    }

    /** A running demo: everything {@link #start} started, stopped by {@link #close}. */
    static final class Running implements AutoCloseable {
        final LocalKafka kafka;
        final LocalInflux influx;
        final JobClient job;
        final Console console;
        final Map<String, String> passwords;
        final Thread publisher;
        final CountDownLatch stopped = new CountDownLatch(1);

        private Running(
                LocalKafka kafka,
                LocalInflux influx,
                JobClient job,
                Console console,
                Map<String, String> passwords,
                Thread publisher) {
            this.kafka = kafka;
            this.influx = influx;
            this.job = job;
            this.console = console;
            this.passwords = passwords;
            this.publisher = publisher;
        }

        @Override
        public void close() {
            if (stopped.getCount() == 0) {
                return;
            }
            stopped.countDown();
            publisher.interrupt();
            console.close();
            try {
                job.cancel().get();
            } catch (Exception ignored) {
                // already stopping
            }
            kafka.close();
            if (influx != null) {
                influx.close();
            }
        }
    }

    static int run(List<String> args) throws Exception {
        Running demo = start(Options.parse(args));
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    say("stopping: console, job, simulator, Kafka, InfluxDB");
                                    demo.close();
                                    say("stopped");
                                }));
        try {
            demo.job.getJobExecutionResult().get();
        } catch (Exception e) {
            if (demo.stopped.getCount() == 0) {
                return 0; // Ctrl-C cancelled the job
            }
            throw e;
        }
        return 0;
    }

    /** Starts the broker, the job, the console, the incident printer and the simulator. */
    static Running start(Options o) throws Exception {
        Scenario scenario = Scenario.load(o.scenario());
        requireFree(o.kafkaPort(), "--kafka-port", "Kafka");
        requireFree(o.uiPort(), "--ui-port", "the Flink web UI");
        requireFree(o.consolePort(), "--console-port", "the dispatcher console");
        say("starting Kafka (KRaft) with its data under " + o.data().toAbsolutePath());
        LocalKafka kafka = LocalKafka.start(o.data(), o.kafkaPort());

        // InfluxDB for the boards when Debian's influxdb is installed; the demo runs on without it.
        LocalInflux influx = null;
        if (LocalInflux.installed().isPresent()) {
            requireFree(o.influxPort(), "--influx-port", "InfluxDB");
            say(
                    "starting influxd with its data under "
                            + o.data().resolve("influxdb").toAbsolutePath());
            influx = LocalInflux.start(o.data().resolve("influxdb"), o.influxPort());
        } else {
            say(
                    "influxd is not installed (Debian: apt-get install influxdb): running without metrics");
        }
        JobConfig config =
                JobConfig.defaults()
                        .withKafka(kafka.bootstrap())
                        .withOutOfOrderness(Duration.ofSeconds(30))
                        // Incidents are written exactly once, visible when a checkpoint commits
                        // them: a short interval keeps the printed incidents and the console live.
                        .withCheckpointInterval(DEMO_CHECKPOINT_INTERVAL);
        if (influx != null) {
            config = config.withInflux(influx.url(), INFLUX_DB);
        }
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, o.uiPort());
        // On disk: the city's state soon passes the 5 MB a checkpoint in the JobManager's memory
        // takes.
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                o.data().toAbsolutePath().resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.enableCheckpointing(config.checkpointInterval().toMillis());
        new CityOpsJob(
                        config,
                        new KafkaInputs(),
                        new KafkaOutputs(kafka.bootstrap(), "", config.transactionalIds()))
                .build(env);
        JobClient job = env.executeAsync("cityops demo");

        // The console: fresh passwords for this demo's users, printed once, never a default.
        Path usersFile = o.data().resolve("console").resolve("users.txt");
        java.nio.file.Files.deleteIfExists(usersFile);
        Map<String, String> passwords = Console.generateUsers(usersFile);
        Console console =
                Console.start(
                        ConsoleConfig.defaults(kafka.bootstrap(), usersFile)
                                .withPort(o.consolePort())
                                .withDataDir(o.data().resolve("console")));

        say("");
        say(
                "  Flink web UI     http://localhost:"
                        + conf.get(RestOptions.PORT)
                        + "   (the job graph, its metrics and checkpoints)");
        say(
                "  Kafka            "
                        + kafka.bootstrap()
                        + "   topics "
                        + Stream.INCIDENTS_TOPIC
                        + ", "
                        + Stream.DEAD_LETTER_TOPIC
                        + ", city.*");
        say(
                "  Incidents        printed below as they open and change; also on "
                        + Stream.INCIDENTS_TOPIC);
        say(
                "  InfluxDB         "
                        + (influx == null
                                ? "not running (apt-get install influxdb)"
                                : influx.url()
                                        + "   database "
                                        + INFLUX_DB
                                        + " (docs/metrics.md; boards in deploy/grafana)"));
        say("  Console          " + console.url() + "   (sign in as one of:)");
        passwords.forEach(
                (user, password) -> say("                     " + user + " / " + password));
        say("  Stop             Ctrl-C");
        say("");

        SimulationRun run =
                new Simulator(
                                scenario,
                                SimOptions.defaults().facilities(o.facilities()).seed(o.seed()))
                        .run();
        Thread publisher = new Thread(() -> publish(kafka.bootstrap(), run, o), "simulator");
        publisher.setDaemon(true);
        Running demo = new Running(kafka, influx, job, console, passwords, publisher);
        Thread printer =
                new Thread(
                        () -> printIncidents(kafka.bootstrap(), demo.stopped), "incident-printer");
        printer.setDaemon(true);
        printer.start();
        publisher.start();
        return demo;
    }

    private static void publish(String bootstrap, SimulationRun run, Options o) {
        try {
            say(
                    "simulator: scenario "
                            + o.scenario()
                            + ", "
                            + o.facilities()
                            + " facilities, at "
                            + (Double.isInfinite(o.speed())
                                    ? "full speed"
                                    : o.speed() + "x real time"));
            try (KafkaPublisher publisher = new KafkaPublisher(bootstrap)) {
                publisher.publish(
                        run,
                        o.speed(),
                        p ->
                                say(
                                        String.format(
                                                "simulator: %,d messages sent, city time %s",
                                                p.sent(),
                                                CLOCK.format(Instant.ofEpochMilli(p.eventTs())))));
            }
            say("simulator: scenario finished; the monitor keeps running (Ctrl-C to stop)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            say("simulator stopped: " + CityOps.oneLine(e));
        }
    }

    private static void printIncidents(String bootstrap, CountDownLatch stopped) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "cityops-demo-printer-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            c.subscribe(List.of(Stream.INCIDENTS_TOPIC));
            // What a dispatcher would notice: a new incident, or a change of status, severity or
            // breaches. A new reading of the same flood only raises the version.
            java.util.Map<String, String> shown = new java.util.HashMap<>();
            java.util.Map<String, Long> versions = new java.util.HashMap<>();
            while (stopped.getCount() > 0) {
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(500))) {
                    Incident i = Codec.decodeIncident(r.value()).value();
                    if (i == null) {
                        continue;
                    }
                    Long seen = versions.get(i.id());
                    if (seen != null && seen >= i.version()) {
                        continue; // a stale or repeated version: consumers drop those
                    }
                    versions.put(i.id(), i.version());
                    String look = i.status() + "/" + i.severity() + "/" + i.breaches().size();
                    if (!look.equals(shown.put(i.id(), look))) {
                        say(line(i));
                    }
                }
            }
        } catch (org.apache.kafka.common.errors.InterruptException e) {
            // stopping
        }
    }

    static String line(Incident i) {
        return String.format(
                "%s  %-12s %-8s %-20s %s  [%s %s] v%d"
                        + (i.breaches().isEmpty()
                                ? ""
                                : "  missed "
                                        + i.breaches().get(i.breaches().size() - 1).kind()
                                        + " deadline"),
                CLOCK.format(Instant.ofEpochMilli(i.updatedAt())),
                i.status(),
                i.severity(),
                i.rule(),
                printable(i.title()),
                i.district(),
                String.join(",", i.departments()),
                i.version());
    }

    /** Text from the city may hold terminal control sequences: show them as escapes. */
    static String printable(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints()
                .forEach(
                        c -> {
                            if (Character.isISOControl(c) || c == 0x7f) {
                                b.append(String.format("\\u%04x", c));
                            } else {
                                b.appendCodePoint(c);
                            }
                        });
        return b.toString();
    }

    /** Fails with one line that says what to do when a port is taken (0 means any free port). */
    static void requireFree(int port, String flag, String what) {
        if (port == 0) {
            return;
        }
        try (var s = new java.net.ServerSocket()) {
            s.bind(new java.net.InetSocketAddress("127.0.0.1", port));
        } catch (java.io.IOException e) {
            throw new Flags.UsageException(
                    "demo: port "
                            + port
                            + " for "
                            + what
                            + " is in use (another demo?); stop it or pass "
                            + flag
                            + " with another port");
        }
    }

    static double parseSpeed(String v) {
        if (v.equals("max")) {
            return Double.POSITIVE_INFINITY;
        }
        double d = Double.parseDouble(v);
        if (!(d > 0)) {
            throw new Flags.UsageException(
                    "demo: --speed takes a positive number or max, got " + v);
        }
        return d;
    }

    private static synchronized void say(String s) {
        System.out.println(s);
        System.out.flush();
    }
}
