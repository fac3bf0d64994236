package io.cityops.kafka;

import io.cityops.events.Escalation;
import io.cityops.events.Stream;
import io.cityops.job.rules.RuleSetMessage;
import io.cityops.job.sink.CityClock;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * The contract's topics on a broker: registry and incidents compacted, the dead letter with one
 * partition, the rest with the partitions asked for. Topics that exist are left as they are.
 *
 * <p>Also a main, so that a broker started outside the JVM (deploy/local) gets them: {@code java
 * -cp flink-jobs-VERSION-job.jar io.cityops.kafka.ContractTopics --kafka HOST:PORT [--partitions 4]
 * [--replication 1] [--prefix P]} (a prefix for a staging set of topics on a shared broker).
 */
public final class ContractTopics {
    private ContractTopics() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = null;
        int partitions = LocalKafka.PARTITIONS;
        short replication = 1;
        String prefix = "";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--kafka" -> bootstrap = args[i + 1];
                case "--partitions" -> partitions = Integer.parseInt(args[i + 1]);
                case "--replication" -> replication = Short.parseShort(args[i + 1]);
                case "--prefix" -> prefix = args[i + 1];
                default ->
                        throw new IllegalArgumentException(
                                "unknown flag '"
                                        + args[i]
                                        + "'; takes --kafka HOST:PORT --partitions N --replication N"
                                        + " --prefix P");
            }
        }
        if (bootstrap == null || args.length % 2 != 0) {
            System.err.println(
                    "usage: ContractTopics --kafka HOST:PORT [--partitions N] [--replication N]"
                            + " [--prefix P]");
            System.exit(2);
        }
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            List<NewTopic> topics = topics(prefix, partitions, replication);
            create(admin, topics);
            for (NewTopic t : topics) {
                System.out.println(
                        t.name()
                                + " partitions="
                                + t.numPartitions()
                                + (t.configs() == null ? "" : " " + t.configs()));
            }
        }
    }

    /** The contract's topics behind a prefix (tests share one broker between scenarios). */
    public static List<NewTopic> topics(String prefix, int partitions, short replication) {
        List<NewTopic> topics = new ArrayList<>();
        for (Stream s : Stream.values()) {
            NewTopic t = new NewTopic(prefix + s.topic(), partitions, replication);
            // The broker stamps each input record with its append time, which the job's
            // end-to-end latency is measured from (a producer's own timestamp could be anything).
            Map<String, String> configs = new HashMap<>();
            configs.put("message.timestamp.type", "LogAppendTime");
            if (s == Stream.REGISTRY) {
                configs.put("cleanup.policy", "compact");
            }
            t.configs(configs);
            topics.add(t);
        }
        topics.add(
                new NewTopic(prefix + Stream.INCIDENTS_TOPIC, partitions, replication)
                        .configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(prefix + Stream.DEAD_LETTER_TOPIC, 1, replication));
        // Extensions of the contract: the job's escalations and the city's time (its watermark).
        topics.add(new NewTopic(prefix + Escalation.TOPIC, partitions, replication));
        topics.add(new NewTopic(prefix + CityClock.TOPIC, 1, replication));
        // Rule sets for the running job (the latest one kept) and what each instance made of it.
        topics.add(
                new NewTopic(prefix + RuleSetMessage.TOPIC, 1, replication)
                        .configs(Map.of("cleanup.policy", "compact")));
        topics.add(new NewTopic(prefix + RuleSetMessage.STATUS_TOPIC, 1, replication));
        return topics;
    }

    /** Creates topics; ones that exist already are left as they are. */
    public static void create(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        var existing = admin.listTopics().names().get();
        List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
        try {
            admin.createTopics(missing).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        awaitVisible(admin, topics.stream().map(NewTopic::name).toList());
    }

    /** Topic creation returns before every listener knows the topic; wait until it does. */
    private static void awaitVisible(Admin admin, List<String> names)
            throws InterruptedException, ExecutionException {
        long until = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                admin.describeTopics(names).allTopicNames().get();
                return;
            } catch (ExecutionException e) {
                if (System.currentTimeMillis() > until) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
