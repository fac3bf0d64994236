package io.cityops.dispatch;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * Everything the console is started with, declared once with its default. Build one with {@link
 * #defaults(String, Path)} and the {@code with…} methods; {@link #validate()} runs at start.
 *
 * @param kafka bootstrap servers, HOST:PORT
 * @param port HTTP port; 0 picks a free one (tests)
 * @param bindAddress the address to listen on; loopback by default, since the console speaks plain
 *     HTTP (put a TLS proxy in front to serve it beyond this machine)
 * @param usersFile the users file (see {@link Users})
 * @param webhooksFile department → URL and secret (see {@link WebhookConfig}); null: no webhooks
 * @param dataDir where webhook deliveries are remembered across restarts
 * @param topicPrefix put before every topic name (tests share one broker)
 * @param sessionIdle a session ends after this long without activity
 * @param webhookTries attempts per notification before it is recorded as failed
 * @param webhookBackoff the wait before the second attempt; doubles after each failure
 * @param clock "now" for deadlines' countdowns and a dispatch action's {@code ts}; the wall clock
 *     in production, the simulated time in a demo that runs faster than real time
 */
public record ConsoleConfig(
        String kafka,
        int port,
        String bindAddress,
        Path usersFile,
        Path webhooksFile,
        Path dataDir,
        String topicPrefix,
        Duration sessionIdle,
        int webhookTries,
        Duration webhookBackoff,
        Clock clock) {

    public static final int DEFAULT_PORT = 8090;
    public static final String ESCALATIONS_TOPIC = "city.escalations";

    public static ConsoleConfig defaults(String kafka, Path usersFile) {
        return new ConsoleConfig(
                kafka,
                DEFAULT_PORT,
                "127.0.0.1",
                usersFile,
                null,
                Path.of(".cityops", "console"),
                "",
                Duration.ofMinutes(30),
                5,
                Duration.ofSeconds(1),
                Clock.systemUTC());
    }

    public ConsoleConfig withPort(int v) {
        return new ConsoleConfig(
                kafka,
                v,
                bindAddress,
                usersFile,
                webhooksFile,
                dataDir,
                topicPrefix,
                sessionIdle,
                webhookTries,
                webhookBackoff,
                clock);
    }

    public ConsoleConfig withBindAddress(String v) {
        return new ConsoleConfig(
                kafka,
                port,
                v,
                usersFile,
                webhooksFile,
                dataDir,
                topicPrefix,
                sessionIdle,
                webhookTries,
                webhookBackoff,
                clock);
    }

    public ConsoleConfig withWebhooks(Path v) {
        return new ConsoleConfig(
                kafka,
                port,
                bindAddress,
                usersFile,
                v,
                dataDir,
                topicPrefix,
                sessionIdle,
                webhookTries,
                webhookBackoff,
                clock);
    }

    public ConsoleConfig withDataDir(Path v) {
        return new ConsoleConfig(
                kafka,
                port,
                bindAddress,
                usersFile,
                webhooksFile,
                v,
                topicPrefix,
                sessionIdle,
                webhookTries,
                webhookBackoff,
                clock);
    }

    public ConsoleConfig withTopicPrefix(String v) {
        return new ConsoleConfig(
                kafka,
                port,
                bindAddress,
                usersFile,
                webhooksFile,
                dataDir,
                v,
                sessionIdle,
                webhookTries,
                webhookBackoff,
                clock);
    }

    public ConsoleConfig withSessionIdle(Duration v) {
        return new ConsoleConfig(
                kafka,
                port,
                bindAddress,
                usersFile,
                webhooksFile,
                dataDir,
                topicPrefix,
                v,
                webhookTries,
                webhookBackoff,
                clock);
    }

    public ConsoleConfig withWebhookRetries(int tries, Duration backoff) {
        return new ConsoleConfig(
                kafka,
                port,
                bindAddress,
                usersFile,
                webhooksFile,
                dataDir,
                topicPrefix,
                sessionIdle,
                tries,
                backoff,
                clock);
    }

    public ConsoleConfig withClock(Clock v) {
        return new ConsoleConfig(
                kafka,
                port,
                bindAddress,
                usersFile,
                webhooksFile,
                dataDir,
                topicPrefix,
                sessionIdle,
                webhookTries,
                webhookBackoff,
                v);
    }

    String incidentsTopic() {
        return topicPrefix + io.cityops.events.Stream.INCIDENTS_TOPIC;
    }

    String actionsTopic() {
        return topicPrefix + io.cityops.events.Stream.DISPATCH_ACTIONS.topic();
    }

    String deadLetterTopic() {
        return topicPrefix + io.cityops.events.Stream.DEAD_LETTER_TOPIC;
    }

    String clockTopic() {
        return topicPrefix + "city.clock";
    }

    String escalationsTopic() {
        return topicPrefix + ESCALATIONS_TOPIC;
    }

    /** Throws with a one-line message naming the first setting that is wrong. */
    public void validate() {
        if (kafka == null || !kafka.matches("[^\\s:,]+:\\d+(,[^\\s:,]+:\\d+)*")) {
            throw new IllegalArgumentException("--kafka takes HOST:PORT, got '" + kafka + "'");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port takes 0..65535, got " + port);
        }
        if (usersFile == null) {
            throw new IllegalArgumentException("--users FILE is required");
        }
        if (dataDir == null) {
            throw new IllegalArgumentException("the data folder is required");
        }
        if (sessionIdle.isNegative() || sessionIdle.isZero()) {
            throw new IllegalArgumentException(
                    "session idle timeout must be positive, got " + sessionIdle);
        }
        if (webhookTries < 1) {
            throw new IllegalArgumentException(
                    "webhook tries must be at least 1, got " + webhookTries);
        }
    }
}
