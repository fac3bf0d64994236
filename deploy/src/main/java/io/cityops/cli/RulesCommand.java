package io.cityops.cli;

import io.cityops.archive.TimeRange;
import io.cityops.job.JobConfig;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.rules.RuleSetStatus;
import io.cityops.kafka.RulesTopic;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code cityops rules check DIR} compiles a rules folder; {@code cityops rules deploy DIR --kafka
 * HOST:PORT [--version V] [--at TIME] [--topic-prefix P] [--wait SECONDS]} compiles it and
 * publishes it to {@code city.rules} for the running job, and with {@code --wait} prints what each
 * instance of the job said of it (exit status 1 unless every one took it). A folder that does not
 * compile prints its file, line and message and publishes nothing (exit status 1). {@code cityops
 * rules status --kafka HOST:PORT [--topic-prefix P]} prints what the job said of each set deployed.
 */
final class RulesCommand {
    /** How far the city's clock may be from the wall clock before deploy says so. */
    static final long CLOCK_APART_MS = 10 * 60_000;

    private RulesCommand() {}

    static int run(List<String> args) throws Exception {
        if (args.isEmpty()
                || !(args.get(0).equals("deploy")
                        || args.get(0).equals("check")
                        || args.get(0).equals("status"))) {
            throw new Flags.UsageException(
                    "rules: takes 'check DIR', 'deploy DIR --kafka HOST:PORT [--version V] [--at"
                            + " TIME] [--topic-prefix P] [--wait SECONDS]' or 'status --kafka"
                            + " HOST:PORT [--topic-prefix P]'");
        }
        String sub = args.get(0);
        if (sub.equals("status")) {
            Flags f =
                    Flags.parse(
                            "rules status",
                            args.subList(1, args.size()),
                            Set.of("--kafka", "--topic-prefix"),
                            Set.of());
            String kafka = f.require("rules status", "--kafka");
            String prefix = f.values.getOrDefault("--topic-prefix", "");
            Map<String, Map<Integer, RuleSetStatus>> byVersion = new LinkedHashMap<>();
            for (RuleSetStatus st : RulesTopic.statuses(kafka, prefix)) {
                byVersion
                        .computeIfAbsent(st.version(), v -> new TreeMap<>())
                        .put(st.instance(), st);
            }
            if (byVersion.isEmpty()) {
                System.out.println(
                        "no rule set deployed yet: "
                                + prefix
                                + RuleSetMessage.STATUS_TOPIC
                                + " is empty");
            }
            byVersion.forEach((v, latest) -> print(v, latest));
            return 0;
        }
        if (args.size() < 2 || args.get(1).startsWith("--")) {
            throw new Flags.UsageException("rules " + sub + ": needs the rules folder, DIR");
        }
        Path dir = Path.of(args.get(1));
        List<String> rest = args.subList(2, args.size());
        if (sub.equals("check")) {
            Flags.parse("rules check", rest, Set.of(), Set.of());
            RuleSet rules =
                    RuleSetMessage.fromFolder(dir, null, null, null, System.currentTimeMillis())
                            .toRuleSet();
            System.out.println("ok: " + describe(rules));
            return 0;
        }
        Flags f =
                Flags.parse(
                        "rules deploy",
                        rest,
                        Set.of("--kafka", "--version", "--at", "--topic-prefix", "--wait"),
                        Set.of());
        String kafka = f.require("rules deploy", "--kafka");
        JobConfig.fromArgs(Map.of(JobConfig.KAFKA, kafka), Map.of());
        Long at =
                f.values.containsKey("--at")
                        ? TimeRange.parseTime("--at", f.values.get("--at"))
                        : null;
        String prefix = f.values.getOrDefault("--topic-prefix", "");
        RulesTopic.Deployed d =
                RulesTopic.deploy(
                        dir,
                        f.values.get("--version"),
                        at,
                        kafka,
                        prefix,
                        System.getProperty("user.name"));
        System.out.println("compiled: " + describe(d.rules()));
        System.out.printf(
                "published version %s (sha256 %s) to %s%s, partition %d offset %d%s;"
                        + " the job reports on %s%n",
                d.message().version(),
                d.message().sha256().substring(0, 12),
                prefix,
                RuleSetMessage.TOPIC,
                d.partition(),
                d.offset(),
                at == null ? "" : ", effective at " + TimeRange.local(at),
                prefix + RuleSetMessage.STATUS_TOPIC);
        if (at == null) {
            // Without --at the set takes over when the city's time reaches the moment it is
            // published: right for a live city, never for a replay or a demo of another day.
            Long clock = cityClock(kafka, prefix);
            long now = System.currentTimeMillis();
            if (clock != null && Math.abs(now - clock) > CLOCK_APART_MS) {
                System.out.println(
                        "note: the city's clock reads "
                                + TimeRange.local(clock)
                                + ", far from now ("
                                + TimeRange.local(now)
                                + "): the job takes this set when the city's time reaches now. For"
                                + " a replay or a demo, deploy again with --at and a time in the"
                                + " city's day.");
            }
        }
        if (!f.values.containsKey("--wait")) {
            return 0;
        }
        long seconds = Long.parseLong(f.values.get("--wait"));
        System.out.println("waiting up to " + seconds + " s for the job's instances to answer...");
        Map<Integer, RuleSetStatus> latest =
                RulesTopic.awaitOutcome(
                        kafka, prefix, d.message().version(), Duration.ofSeconds(seconds));
        if (latest.isEmpty()) {
            System.out.println(
                    "no answer: is the job running, and reading "
                            + prefix
                            + RuleSetMessage.TOPIC
                            + "?");
            return 1;
        }
        print(d.message().version(), latest);
        boolean taken =
                latest.size() == latest.values().iterator().next().instances()
                        && latest.values().stream()
                                .allMatch(st -> st.status() != RuleSetStatus.Outcome.REFUSED);
        return taken ? 0 : 1;
    }

    /** The city's clock, or null when it cannot be read: only for a hint. */
    private static Long cityClock(String kafka, String prefix) {
        try {
            return RulesTopic.cityClock(kafka, prefix);
        } catch (Exception e) {
            return null;
        }
    }

    /** One line per instance: its latest word on the version. */
    private static void print(String version, Map<Integer, RuleSetStatus> latest) {
        int instances = latest.values().iterator().next().instances();
        System.out.printf(
                "version %s: %d of %d instances answered%n", version, latest.size(), instances);
        for (RuleSetStatus st : latest.values()) {
            StringBuilder b =
                    new StringBuilder("  instance ")
                            .append(st.instance())
                            .append(": ")
                            .append(st.status());
            if (st.switchAt() != null) {
                b.append(st.status() == RuleSetStatus.Outcome.ACTIVE ? " since " : " from ")
                        .append(TimeRange.local(st.switchAt()));
            }
            if (st.late()) {
                b.append(
                        " (late: the instance's time had passed the set's; it switched at its own)");
            }
            if (st.error() != null) {
                b.append(": ").append(st.error());
            }
            System.out.println(b);
        }
    }

    /** Files, and the thresholds that differ from the shipped ones. */
    static String describe(RuleSet rules) throws Exception {
        Map<String, Double> shipped = RuleSet.defaults().thresholds();
        List<String> changed = new ArrayList<>();
        for (var e : new TreeMap<>(rules.thresholds()).entrySet()) {
            Double was = shipped.get(e.getKey());
            if (was == null || !was.equals(e.getValue())) {
                changed.add(
                        e.getKey()
                                + "="
                                + fmt(e.getValue())
                                + (was == null ? " (new)" : " (shipped " + fmt(was) + ")"));
            }
        }
        return rules.files().size()
                + " rule files, "
                + rules.thresholds().size()
                + " thresholds"
                + (changed.isEmpty() ? ", as shipped" : "; changed: " + String.join(", ", changed));
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
