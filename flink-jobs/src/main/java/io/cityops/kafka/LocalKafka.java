package io.cityops.kafka;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;

/**
 * A real Kafka broker (KRaft, combined broker and controller) inside this JVM, for the demo and the
 * tests. Its data lives in a folder of the caller's, so a demo can be stopped and started again on
 * the same topics.
 */
public final class LocalKafka implements AutoCloseable {
    /** Partitions of the event topics: enough for a parallelism of 4 to read in parallel. */
    public static final int PARTITIONS = 4;

    private final KafkaConfig config;
    private final String bootstrap;
    private KafkaRaftServer server;

    private LocalKafka(KafkaConfig config, KafkaRaftServer server, String bootstrap) {
        this.config = config;
        this.server = server;
        this.bootstrap = bootstrap;
    }

    /**
     * Starts a broker on {@code port} (0: any free port), keeping its data under {@code dataDir}.
     */
    public static LocalKafka start(Path dataDir, int port) throws Exception {
        Path logDir = dataDir.toAbsolutePath().resolve("kafka-logs");
        Files.createDirectories(logDir);
        int brokerPort = port == 0 ? freePort() : port;
        int controllerPort = freePort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:"
                        + brokerPort
                        + ",CONTROLLER://127.0.0.1:"
                        + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", String.valueOf(PARTITIONS));
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        // The job's exactly-once sinks keep a transaction open from one checkpoint to the next
        // (KafkaOutputs asks for 15 min); room above that, as Flink's own default is 1 h.
        p.put("transaction.max.timeout.ms", String.valueOf(60 * 60 * 1000));
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 * 1024 * 1024));
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        KafkaConfig config = new KafkaConfig(p, false);

        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .setIgnoreFormatted(true)
                .run();

        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        LocalKafka kafka = new LocalKafka(config, server, "127.0.0.1:" + brokerPort);
        kafka.createContractTopics();
        return kafka;
    }

    public String bootstrap() {
        return bootstrap;
    }

    /**
     * The contract's topics: registry and incidents compacted, the rest with {@link #PARTITIONS}.
     */
    public void createContractTopics() throws InterruptedException, ExecutionException {
        createContractTopics("");
    }

    /** The contract's topics behind a prefix. */
    public void createContractTopics(String prefix)
            throws InterruptedException, ExecutionException {
        createTopics(ContractTopics.topics(prefix, PARTITIONS, (short) 1));
    }

    /** Creates topics; ones that exist already are left as they are. */
    public void createTopics(List<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            ContractTopics.create(admin, topics);
        }
    }

    /** Deletes topics (tests use fresh topics per scenario). */
    public void deleteTopics(Set<String> names) throws InterruptedException, ExecutionException {
        try (Admin admin = admin()) {
            admin.deleteTopics(names).all().get();
        }
    }

    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    /**
     * Stops the broker, keeping its ports and data, as a broker that goes down does; {@link
     * #restart} brings it back. For tests of the job riding out an outage.
     */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
        }
    }

    /** Starts the broker again on the same ports and data after {@link #stop}. */
    public synchronized void restart() {
        if (server == null) {
            KafkaRaftServer s = new KafkaRaftServer(config, Time.SYSTEM);
            s.startup();
            server = s;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }
}
