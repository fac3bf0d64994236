package io.cityops.dispatch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;

/**
 * The city's time as the job sees it: the incident stage's watermark, which the job publishes on
 * {@code city.clock} once a second. Dispatch actions are stamped with it and deadlines count down
 * on it, so an action lands just after what the dispatcher saw, whether the city runs at real time
 * (production) or 120 times faster (the demo), and a replay of the actions topic gives the same
 * lifecycle.
 *
 * <p>Between two ticks the time is extrapolated at the rate the ticks of the last half minute
 * showed (measured on the job's own wall stamps, so a burst of ticks delayed by a busy machine does
 * not fake a fast city), for at most {@link #MAX_EXTRAPOLATION_MS} (a stalled job stops the clock
 * rather than letting it race). On top of that the clock runs ahead by a lead: an action takes a
 * moment to reach the job, and a busy job moves its watermark in jumps, and an action stamped
 * behind the watermark when it arrives would be refused as late. The lead is {@link #LEAD_MS} of
 * wall time at the city's rate, or the largest jump of the watermark in the window if that is more.
 * The job applies an action when its time comes, so the lead only delays the effect. Until the
 * first tick arrives the wall clock stands in.
 */
final class CityTimeClock extends Clock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CityTimeClock.class);
    private static final JsonFactory JSON = new JsonFactory();

    /** Extrapolate no further than this much wall time past the last tick. */
    static final long MAX_EXTRAPOLATION_MS = 3_000;

    /** How far (in wall time) the clock runs ahead of the watermark it extrapolates. */
    static final long LEAD_MS = 1_500;

    /** The window of ticks the rate is measured over. */
    static final long RATE_WINDOW_MS = 30_000;

    private final java.util.ArrayDeque<long[]> window = new java.util.ArrayDeque<>();

    private final Clock wall;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    private volatile Tick last;

    /**
     * A watermark and the wall time (of this console) it was received at; rate = city ms per wall
     * ms; lead = city ms to run ahead.
     */
    record Tick(long watermark, long receivedAt, double rate, long lead) {}

    CityTimeClock(String bootstrap, String topic, Clock wall) {
        this.wall = wall;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "15000");
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "cityops-console-clock");
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer());
        this.thread = new Thread(() -> follow(topic), "console-city-clock");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void follow(String topic) {
        try {
            List<TopicPartition> parts = List.of();
            while (running && parts.isEmpty()) {
                var infos = consumer.listTopics().get(topic);
                if (infos == null) {
                    Thread.sleep(1000);
                    continue;
                }
                parts = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            }
            consumer.assign(parts);
            // The last tick already there says where the city is now.
            var ends = consumer.endOffsets(parts);
            for (TopicPartition tp : parts) {
                consumer.seek(tp, Math.max(0, ends.get(tp) - 1));
            }
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    accept(r.value(), wall.millis());
                }
            }
        } catch (org.apache.kafka.common.errors.WakeupException | InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.warn("city clock stopped following {}: {}", topic, e.toString());
        }
    }

    /**
     * Takes one tick of the clock topic ({@code {"watermark":…,"wall":…}}) received at {@code now}.
     */
    synchronized void accept(String json, long now) {
        long wm = Long.MIN_VALUE;
        long jobWall = now;
        try (JsonParser p = JSON.createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if (field.equals("watermark") && v == JsonToken.VALUE_NUMBER_INT) {
                    wm = p.getLongValue();
                } else if (field.equals("wall") && v == JsonToken.VALUE_NUMBER_INT) {
                    jobWall = p.getLongValue();
                } else {
                    p.skipChildren();
                }
            }
        } catch (Exception e) {
            LOG.warn("ignoring a tick of the city clock that is not JSON");
            return;
        }
        if (wm == Long.MIN_VALUE) {
            return;
        }
        Tick prev = last;
        if (prev != null && wm < prev.watermark) {
            return; // a tick from an older job run, or out of order: time does not go back
        }
        // {job wall, watermark}: the rate over the window, on the job's clock.
        window.addLast(new long[] {jobWall, wm});
        while (window.size() > 2 && window.peekFirst()[0] < jobWall - RATE_WINDOW_MS) {
            window.removeFirst();
        }
        double rate = prev == null ? 1.0 : prev.rate;
        long[] first = window.peekFirst();
        if (jobWall - first[0] >= 2_000) {
            rate = Math.min(100_000, (double) (wm - first[1]) / (jobWall - first[0]));
        }
        long lead = (long) (LEAD_MS * rate);
        long previous = Long.MIN_VALUE;
        for (long[] t : window) {
            if (previous != Long.MIN_VALUE) {
                lead = Math.max(lead, t[1] - previous);
            }
            previous = t[1];
        }
        last = new Tick(wm, now, rate, lead);
        LOG.debug("tick: watermark {} job wall {} rate {} lead {}", wm, jobWall, rate, lead);
    }

    @Override
    public long millis() {
        Tick t = last;
        if (t == null) {
            return wall.millis();
        }
        long elapsed = Math.min(MAX_EXTRAPOLATION_MS, Math.max(0, wall.millis() - t.receivedAt));
        return t.watermark + 1 + (long) (elapsed * t.rate) + t.lead;
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the city clock is UTC");
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(2));
    }
}
