package io.cityops.archive;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import io.cityops.events.Stream;
import io.cityops.job.JsonTree;
import io.cityops.sim.KafkaPublisher;
import io.cityops.sim.SimMessage;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * {@code cityops replay --to-kafka}: re-publishes a replay folder or an archive (within a time
 * range) to the contract's topics, for a staging job: the registry first, then the streams merged
 * in {@code ts} order (at equal ts weather, street orders, sensors, dispatch actions, as the
 * simulator sends them; a stream keeps its own order, a rejected line right after the line before
 * it) and paced by event time, with the contract's keys so every record lands in the partition it
 * came from.
 */
public final class Republisher {
    /** The order streams are merged in at equal ts. */
    static final List<Stream> MERGE_ORDER =
            List.of(Stream.WEATHER, Stream.STREET_ORDERS, Stream.SENSORS, Stream.DISPATCH_ACTIONS);

    private Republisher() {}

    /**
     * Publishes the slice.
     *
     * @param speed event-time ms per wall-clock ms; {@link Double#POSITIVE_INFINITY} for max
     */
    public static KafkaPublisher.Progress publish(
            Slice slice,
            String bootstrap,
            String topicPrefix,
            double speed,
            Consumer<KafkaPublisher.Progress> progress)
            throws IOException, InterruptedException {
        requireTopics(bootstrap, topicPrefix);
        Messages messages = new Messages(slice);
        try (KafkaPublisher publisher = new KafkaPublisher(bootstrap, topicPrefix)) {
            return publisher.publish(messages, messages.firstTs(), speed, progress);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            messages.close();
        }
    }

    /** Refuses, in one line, to publish to topics that do not exist (a producer would wait). */
    static void requireTopics(String bootstrap, String topicPrefix) throws IOException {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrap,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                "30000"))) {
            var existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<String> missing = new ArrayList<>();
            for (Stream s : Stream.values()) {
                if (!existing.contains(topicPrefix + s.topic())) {
                    missing.add(topicPrefix + s.topic());
                }
            }
            if (!missing.isEmpty()) {
                throw new IOException(
                        "no topic "
                                + String.join(", ", missing)
                                + " on "
                                + bootstrap
                                + ": create them first (io.cityops.kafka.ContractTopics --kafka "
                                + bootstrap
                                + (topicPrefix.isEmpty() ? "" : " --prefix " + topicPrefix)
                                + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while listing the topics of " + bootstrap, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException(
                    "cannot list the topics of " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /** The slice's records as the publisher sends them; reads the files as it goes. */
    static final class Messages implements Iterator<SimMessage> {
        private final LaneReader registry;
        private final List<LaneReader> lanes = new ArrayList<>();
        private final List<Stream> streams = new ArrayList<>();
        private final String[] heads;
        private final long[] headTs;
        private String registryHead;
        private long firstTs = Long.MIN_VALUE;

        Messages(Slice slice) throws IOException {
            registry = slice.reader(Stream.REGISTRY);
            registryHead = registry.next();
            for (Stream s : MERGE_ORDER) {
                if (slice.has(s)) {
                    streams.add(s);
                    lanes.add(slice.reader(s));
                }
            }
            heads = new String[lanes.size()];
            headTs = new long[lanes.size()];
            for (int i = 0; i < lanes.size(); i++) {
                advance(i);
                if (heads[i] != null
                        && headTs[i] != Long.MIN_VALUE
                        && (firstTs == Long.MIN_VALUE || headTs[i] < firstTs)) {
                    firstTs = headTs[i];
                }
            }
        }

        long firstTs() {
            return firstTs == Long.MIN_VALUE ? 0 : firstTs;
        }

        private void advance(int i) throws IOException {
            LaneReader r = lanes.get(i);
            heads[i] = r.next();
            headTs[i] = heads[i] == null ? Long.MAX_VALUE : r.ts();
        }

        @Override
        public boolean hasNext() {
            if (registryHead != null) {
                return true;
            }
            for (String h : heads) {
                if (h != null) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public SimMessage next() {
            try {
                if (registryHead != null) {
                    String line = registryHead;
                    registryHead = registry.next();
                    return new SimMessage(
                            Stream.REGISTRY, key(Stream.REGISTRY, line), line, firstTs());
                }
                int best = -1;
                for (int i = 0; i < heads.length; i++) {
                    if (heads[i] != null && (best < 0 || headTs[i] < headTs[best])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    throw new NoSuchElementException();
                }
                String line = heads[best];
                // A rejected line before its lane's first event: sent at once, not paced.
                long ts = headTs[best] == Long.MIN_VALUE ? firstTs() : headTs[best];
                advance(best);
                Stream s = streams.get(best);
                return new SimMessage(s, key(s, line), line, ts);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void close() throws IOException {
            registry.close();
            for (LaneReader r : lanes) {
                r.close();
            }
        }
    }

    /**
     * The contract's key of a record (registry: id; street orders: district; weather: station, or
     * "warning"; sensors: sensor; dispatch actions: incident), or null when the line has none.
     */
    static String key(Stream s, String line) {
        String field =
                switch (s) {
                    case REGISTRY -> "id";
                    case STREET_ORDERS -> "district";
                    case WEATHER -> "station";
                    case SENSORS -> "sensor";
                    case DISPATCH_ACTIONS -> "incident";
                };
        String k = topLevelString(line, field);
        if (k == null && s == Stream.WEATHER && "WARNING".equals(topLevelString(line, "kind"))) {
            return "warning";
        }
        return k;
    }

    private static String topLevelString(String line, String field) {
        try (JsonParser p = JsonTree.FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean wanted = field.equals(p.currentName());
                JsonToken t = p.nextToken();
                if (wanted) {
                    return t == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null;
        }
    }
}
