package io.cityops.archive;

import io.cityops.events.Stream;
import io.cityops.job.source.Decoding;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code cityops record}: archives the input topics into {@link ArchiveLayout}'s folder with a
 * plain Kafka consumer (no consumer group: the checkpoint holds the offsets).
 *
 * <p>Order: each stream's partitions are merged by {@code ts} (the head of each partition's queue,
 * never reordering a partition), and a partition with nothing queued that has not caught up holds
 * the others back (live: one that received something in the last {@value #QUIET_MS} ms), so an
 * archive of a topic published in event-time order is in event-time order. A record's time is its
 * {@code ts} when the job would accept it ({@link LaneReader#eventTs}); one it would reject keeps
 * its place after the record before it in its partition.
 *
 * <p>Never twice: every {@code flushInterval} the records taken so far are appended to their
 * segments as one gzip member each and forced to disk, the registry file is replaced, and only then
 * the checkpoint; on start, whatever the segments hold beyond the checkpoint is cut off and reading
 * resumes at the checkpoint's offsets.
 *
 * <p>Limits: tombstones and empty messages are not archived (the job skips the one and the other
 * carries nothing to replay); a message's line breaks become spaces (a line is a record); the
 * registry keeps the latest entry of each facility, not when it changed; partitions added to a
 * topic while it runs are read from the next start.
 */
public final class Recorder {

    /**
     * @param topicPrefix before the contract's topic names (tests and staging share a broker)
     * @param stopAtEnd stop once the end offsets the topics had at start are archived
     */
    public record Options(
            String bootstrap,
            Path out,
            String topicPrefix,
            Duration flushInterval,
            boolean stopAtEnd) {}

    /** What the archive holds so far. */
    public record Progress(
            Map<Stream, Long> records,
            Map<Stream, Long> clocks,
            int registryEntries,
            long behind,
            boolean done) {}

    static final long PROGRESS_MS = 5000;
    static final long QUIET_MS = 2000;
    private static final long MAX_QUEUED = 50_000;
    private static final int MAX_PENDING_BYTES = 8 << 20;

    private final Options options;
    private volatile boolean stopping;
    private volatile KafkaConsumer<String, String> consumer;

    /** One partition of an event stream: what was taken from it but not yet archived. */
    private static final class Lane {
        final TopicPartition tp;
        final Stream stream;
        final ArrayDeque<Taken> queue = new ArrayDeque<>();
        long lastTs = Long.MIN_VALUE;
        long end = -1;
        long lastTakenWall;
        boolean paused;

        /** Offset of the first record taken from it that waits for its stream's first ts. */
        long waitingFrom = -1;

        Lane(TopicPartition tp, Stream stream) {
            this.tp = tp;
            this.stream = stream;
        }
    }

    private record Taken(String line, long offset, Long ts, Lane lane) {}

    /** An event stream's place in the archive. */
    private static final class Track {
        final Stream stream;
        final List<Lane> lanes = new ArrayList<>();
        long clock = Long.MIN_VALUE;
        String segment;
        long length;
        long records;

        /** Lines taken, by hour, not yet on disk. */
        final TreeMap<Long, ByteArrayOutputStream> pending = new TreeMap<>();

        /** Records without a ts taken before the stream had any ts: placed with its first one. */
        final List<Taken> waiting = new ArrayList<>();

        Track(Stream stream) {
            this.stream = stream;
        }
    }

    private final Map<Stream, Track> tracks = new EnumMap<>(Stream.class);
    private final Map<TopicPartition, Lane> lanes = new HashMap<>();
    private final List<TopicPartition> registryPartitions = new ArrayList<>();
    private final Map<TopicPartition, Long> registryEnds = new HashMap<>();
    private final TreeMap<String, String> registry = new TreeMap<>();
    private boolean registryDirty;
    private int pendingBytes;
    private String cluster;

    public Recorder(Options options) {
        this.options = options;
    }

    /** Stops a running {@link #run} after its next poll; it flushes and checkpoints first. */
    public void stop() {
        stopping = true;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    /**
     * Records until {@link #stop} (or the end, with {@code stopAtEnd}); resumes an archive that a
     * previous run left in {@code out}.
     */
    public Progress run(Consumer<Progress> progress) throws Exception {
        Path out = options.out();
        Files.createDirectories(out);
        cluster = clusterId();
        Checkpoint checkpoint = recover(out);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrap());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cityops-recorder");
        try (KafkaConsumer<String, String> c =
                new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            consumer = c;
            assign(c, checkpoint);
            if (stopping) {
                return progress(false);
            }
            checkpoint(out);
            long lastFlush = System.currentTimeMillis();
            long lastReport = lastFlush;
            while (!stopping) {
                try {
                    take(c.poll(Duration.ofMillis(200)));
                    for (Track t : tracks.values()) {
                        drain(c, t);
                    }
                    pauseOrResume(c);
                    long now = System.currentTimeMillis();
                    if (now - lastFlush >= options.flushInterval().toMillis()
                            || pendingBytes >= MAX_PENDING_BYTES) {
                        flush(out);
                        lastFlush = now;
                    }
                    if (now - lastReport >= PROGRESS_MS) {
                        progress.accept(progress(false));
                        lastReport = now;
                    }
                    if (options.stopAtEnd() && atEnd(c)) {
                        break;
                    }
                } catch (WakeupException e) {
                    break;
                }
            }
            try {
                flush(out);
            } catch (WakeupException e) {
                // stop() woke the consumer after its last poll; the flush needs it once more
                flush(out);
            }
            Progress done = progress(true);
            progress.accept(done);
            return done;
        } finally {
            consumer = null;
        }
    }

    private String clusterId() throws Exception {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                options.bootstrap(),
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                "30000"))) {
            return admin.describeCluster().clusterId().get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Reads the checkpoint and cuts the archive back to it: each stream's open segment to its
     * length, later segments removed. A folder with segments but no checkpoint is refused.
     */
    private Checkpoint recover(Path out) throws IOException {
        Path file = out.resolve(ArchiveLayout.CHECKPOINT);
        Files.deleteIfExists(out.resolve(ArchiveLayout.CHECKPOINT + ".tmp"));
        Files.deleteIfExists(
                out.resolve(ArchiveLayout.registry(out).getFileName().toString() + ".tmp"));
        for (Stream s : ArchiveLayout.SEGMENTED) {
            tracks.put(s, new Track(s));
        }
        if (!Files.exists(file)) {
            for (Stream s : ArchiveLayout.SEGMENTED) {
                if (!ArchiveLayout.segments(out, s).isEmpty()) {
                    throw new IOException(
                            out
                                    + " holds segments but no "
                                    + ArchiveLayout.CHECKPOINT
                                    + ": not recording over an archive that cannot be resumed;"
                                    + " pass an empty or new folder");
                }
            }
            return null;
        }
        Checkpoint c = Checkpoint.read(file);
        if (!cluster.equals(c.cluster()) || !options.topicPrefix().equals(c.prefix())) {
            throw new IOException(
                    out
                            + " was recorded from Kafka cluster "
                            + c.cluster()
                            + " with topic prefix '"
                            + c.prefix()
                            + "', not "
                            + cluster
                            + " with '"
                            + options.topicPrefix()
                            + "': record into another folder");
        }
        for (Track t : tracks.values()) {
            Checkpoint.StreamMark m = c.streams().get(t.stream.label());
            Long hour = null;
            if (m != null && m.segment() != null) {
                t.clock = m.clock();
                t.segment = m.segment();
                t.length = m.length();
                t.records = m.records();
                hour = ArchiveLayout.hourOf(Path.of(m.segment()));
            }
            for (Path seg : ArchiveLayout.segments(out, t.stream)) {
                long h = ArchiveLayout.hourOf(seg);
                if (hour == null || h > hour) {
                    Files.delete(seg);
                } else if (h == hour) {
                    long size = Files.size(seg);
                    if (size < t.length) {
                        throw new IOException(
                                seg
                                        + " is shorter ("
                                        + size
                                        + " bytes) than its checkpoint says ("
                                        + t.length
                                        + "): the archive was changed; record into another"
                                        + " folder");
                    }
                    if (size > t.length) {
                        Durable.truncate(seg, t.length);
                    }
                }
            }
        }
        Path reg = ArchiveLayout.registry(out);
        if (Files.isRegularFile(reg)) {
            try (BufferedReader r = LaneReader.open(reg)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    if (!line.isBlank()) {
                        registry.put(registryKey(null, line), line);
                    }
                }
            }
        }
        return c;
    }

    private void assign(KafkaConsumer<String, String> c, Checkpoint checkpoint) {
        List<TopicPartition> all = new ArrayList<>();
        for (Stream s : Stream.values()) {
            String topic = options.topicPrefix() + s.topic();
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException(
                        "topic "
                                + topic
                                + " not found on "
                                + options.bootstrap()
                                + ": create the contract's topics first (ContractTopics)");
            }
            for (PartitionInfo i : infos) {
                TopicPartition tp = new TopicPartition(topic, i.partition());
                all.add(tp);
                if (s == Stream.REGISTRY) {
                    registryPartitions.add(tp);
                } else {
                    Lane lane = new Lane(tp, s);
                    lanes.put(tp, lane);
                    tracks.get(s).lanes.add(lane);
                }
            }
        }
        for (Track t : tracks.values()) {
            t.lanes.sort((a, b) -> Integer.compare(a.tp.partition(), b.tp.partition()));
        }
        c.assign(all);
        for (TopicPartition tp : all) {
            Checkpoint.PartitionMark m =
                    checkpoint == null ? null : checkpoint.partitions().get(key(tp));
            if (m == null) {
                c.seekToBeginning(List.of(tp));
            } else {
                c.seek(tp, m.offset());
                Lane lane = lanes.get(tp);
                if (lane != null) {
                    lane.lastTs = m.lastTs();
                }
            }
        }
        if (options.stopAtEnd()) {
            for (var e : c.endOffsets(all).entrySet()) {
                Lane lane = lanes.get(e.getKey());
                if (lane != null) {
                    lane.end = e.getValue();
                } else {
                    registryEnds.put(e.getKey(), e.getValue());
                }
            }
        }
    }

    private static String key(TopicPartition tp) {
        return tp.topic() + "/" + tp.partition();
    }

    private void take(Iterable<ConsumerRecord<String, String>> records) {
        for (ConsumerRecord<String, String> r : records) {
            Lane lane = lanes.get(new TopicPartition(r.topic(), r.partition()));
            if (lane == null) {
                applyRegistry(r);
                continue;
            }
            if (r.value() == null || r.value().isEmpty()) {
                continue;
            }
            lane.lastTakenWall = System.currentTimeMillis();
            String line = oneLine(r.value());
            Long ts = LaneReader.eventTs(Decoding.decode(lane.stream, line));
            lane.queue.add(new Taken(line, r.offset(), ts, lane));
        }
    }

    private void applyRegistry(ConsumerRecord<String, String> r) {
        String k = registryKey(r.key(), r.value());
        if (r.value() == null) {
            if (k != null && registry.remove(k) != null) {
                registryDirty = true;
            }
            return;
        }
        if (r.value().isEmpty()) {
            return;
        }
        registry.put(k, oneLine(r.value()));
        registryDirty = true;
    }

    /** A registry entry's key: the Kafka key (the facility id), else its {@code id}. */
    private static String registryKey(String kafkaKey, String line) {
        if (kafkaKey != null) {
            return kafkaKey;
        }
        if (line == null) {
            return null;
        }
        try {
            Object id = io.cityops.job.JsonTree.object(line).get("id");
            return id instanceof String s ? s : line;
        } catch (IOException e) {
            return line;
        }
    }

    private static String oneLine(String value) {
        return value.indexOf('\n') < 0 && value.indexOf('\r') < 0
                ? value
                : value.replace('\r', ' ').replace('\n', ' ');
    }

    /**
     * Moves a stream's taken records into its pending segments, merging its partitions by ts, while
     * no partition that has not caught up has nothing queued.
     */
    private void drain(KafkaConsumer<String, String> c, Track t) {
        while (true) {
            Lane best = null;
            long bestKey = Long.MAX_VALUE;
            for (Lane lane : t.lanes) {
                Taken head = lane.queue.peek();
                if (head == null) {
                    if (!caughtUp(c, lane)) {
                        return;
                    }
                    continue;
                }
                long k = head.ts() != null ? head.ts() : lane.lastTs;
                if (best == null || k < bestKey) {
                    best = lane;
                    bestKey = k;
                }
            }
            if (best == null) {
                return;
            }
            place(t, best.queue.poll());
        }
    }

    /**
     * Whether an empty partition may be passed over: it has reached the end it had at start; or,
     * live, it has nothing left to read and has received nothing for {@value #QUIET_MS} ms (a
     * partition that is receiving would deliver older records than its busier neighbours hold).
     */
    private boolean caughtUp(KafkaConsumer<String, String> c, Lane lane) {
        if (options.stopAtEnd()) {
            return c.position(lane.tp) >= lane.end;
        }
        var lag = c.currentLag(lane.tp);
        return lag.isPresent()
                && lag.getAsLong() == 0
                && System.currentTimeMillis() - lane.lastTakenWall >= QUIET_MS;
    }

    private void place(Track t, Taken r) {
        if (r.ts() == null && t.clock == Long.MIN_VALUE) {
            if (r.lane().waitingFrom < 0) {
                r.lane().waitingFrom = r.offset();
            }
            t.waiting.add(r);
            return;
        }
        if (r.ts() != null) {
            r.lane().lastTs = r.ts();
            boolean first = t.clock == Long.MIN_VALUE;
            t.clock = Math.max(t.clock, r.ts());
            if (first) {
                for (Taken w : t.waiting) {
                    append(t, w.line());
                    w.lane().waitingFrom = -1;
                }
                t.waiting.clear();
            }
        }
        append(t, r.line());
    }

    private void append(Track t, String line) {
        ByteArrayOutputStream b =
                t.pending.computeIfAbsent(
                        ArchiveLayout.hourStart(t.clock), h -> new ByteArrayOutputStream());
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        b.write(bytes, 0, bytes.length);
        pendingBytes += bytes.length;
        t.records++;
    }

    private void pauseOrResume(KafkaConsumer<String, String> c) {
        for (Lane lane : lanes.values()) {
            if (!lane.paused && lane.queue.size() > MAX_QUEUED) {
                c.pause(List.of(lane.tp));
                lane.paused = true;
            } else if (lane.paused && lane.queue.size() < MAX_QUEUED / 2) {
                c.resume(List.of(lane.tp));
                lane.paused = false;
            }
        }
    }

    private boolean atEnd(KafkaConsumer<String, String> c) {
        for (Lane lane : lanes.values()) {
            if (!lane.queue.isEmpty() || c.position(lane.tp) < lane.end) {
                return false;
            }
        }
        for (var e : registryEnds.entrySet()) {
            if (c.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Pending lines to their segments, the registry file, then the checkpoint. */
    private void flush(Path out) throws IOException {
        for (Track t : tracks.values()) {
            for (var e : t.pending.entrySet()) {
                Path seg = ArchiveLayout.segment(out, t.stream, e.getKey());
                Files.createDirectories(seg.getParent());
                t.length = Durable.appendGzipMember(seg, e.getValue().toByteArray());
                t.segment = seg.getFileName().toString();
            }
            t.pending.clear();
        }
        pendingBytes = 0;
        if (registryDirty) {
            StringBuilder b = new StringBuilder();
            registry.values().forEach(line -> b.append(line).append('\n'));
            Durable.replace(
                    ArchiveLayout.registry(out), b.toString().getBytes(StandardCharsets.UTF_8));
            registryDirty = false;
        }
        checkpoint(out);
    }

    private void checkpoint(Path out) throws IOException {
        KafkaConsumer<String, String> c = consumer;
        Map<String, Checkpoint.StreamMark> streams = new LinkedHashMap<>();
        for (Track t : tracks.values()) {
            streams.put(
                    t.stream.label(),
                    new Checkpoint.StreamMark(t.clock, t.segment, t.length, t.records));
        }
        Map<String, Checkpoint.PartitionMark> partitions = new LinkedHashMap<>();
        for (TopicPartition tp : registryPartitions) {
            partitions.put(key(tp), new Checkpoint.PartitionMark(c.position(tp), Long.MIN_VALUE));
        }
        for (Lane lane : lanes.values()) {
            long next =
                    lane.waitingFrom >= 0
                            ? lane.waitingFrom
                            : lane.queue.isEmpty()
                                    ? c.position(lane.tp)
                                    : lane.queue.peek().offset();
            partitions.put(key(lane.tp), new Checkpoint.PartitionMark(next, lane.lastTs));
        }
        new Checkpoint(cluster, options.topicPrefix(), streams, partitions, registry.size())
                .write(out.resolve(ArchiveLayout.CHECKPOINT));
    }

    private Progress progress(boolean done) {
        Map<Stream, Long> records = new EnumMap<>(Stream.class);
        Map<Stream, Long> clocks = new EnumMap<>(Stream.class);
        long behind = 0;
        for (Track t : tracks.values()) {
            records.put(t.stream, t.records);
            clocks.put(t.stream, t.clock);
            behind += t.waiting.size();
            for (Lane lane : t.lanes) {
                behind += lane.queue.size();
            }
        }
        return new Progress(records, clocks, registry.size(), behind, done);
    }
}
