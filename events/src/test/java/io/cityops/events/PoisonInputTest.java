package io.cityops.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;

/**
 * What a hostile producer can put on a topic, and what the codec makes of it: every input gets an
 * answer quickly and without deep recursion, and its dead letter fits the dead-letter topic (1 MB,
 * Kafka's default message size), whatever the input's size. The job relies on both: a poison
 * message must cost a dead letter, never a restart.
 */
class PoisonInputTest {
    private static final Duration QUICKLY = Duration.ofSeconds(5);

    @Test
    void refusesATenMegabyteLineAsOversizedWithoutParsingIt() {
        String line = "{\"sensor\":\"" + "x".repeat(10 << 20) + "\"}";
        Decoded<SensorReading> d =
                assertTimeoutPreemptively(QUICKLY, () -> Codec.decodeSensorReading(line));
        assertThat(d.rejection().reason()).isEqualTo(Reasons.OVERSIZED);
    }

    @Test
    void refusesAHundredThousandNestedBracketsWithoutRecursion() {
        for (String nested :
                new String[] {
                    "[".repeat(100_000),
                    "{\"ts\":1784592000000,\"a\":" + "[".repeat(100_000),
                    "{\"a\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_001),
                }) {
            Decoded<StreetOrder> d =
                    assertTimeoutPreemptively(QUICKLY, () -> Codec.decodeStreetOrder(nested));
            assertThat(d.isOk()).isFalse();
            assertThat(assertTimeoutPreemptively(QUICKLY, () -> Codec.peekTs(nested)))
                    .as("no time is read past the nesting limit")
                    .isIn(null, 1784592000000L);
        }
    }

    @Test
    void keepsTheDeadLetterOfAnyInputWithinTheOutputLimit() {
        Random rng = new Random(7);
        byte[] bytes = new byte[10 << 20];
        rng.nextBytes(bytes);
        String[] inputs = {
            new String(bytes, StandardCharsets.UTF_8), // invalid UTF-8: replacement characters
            "\u0001".repeat(2 << 20), // control characters escape to six bytes each
            "😀".repeat(1 << 20), // four bytes each, two chars
            "x".repeat(10 << 20),
        };
        for (String raw : inputs) {
            Decoded<SensorReading> d = Codec.decodeSensorReading(raw);
            String letter = Codec.encode(Codec.deadLetter(Stream.SENSORS, raw, d.rejection()));
            assertThat(letter.getBytes(StandardCharsets.UTF_8).length)
                    .isLessThanOrEqualTo(Codec.MAX_OUTPUT_MESSAGE_BYTES);
            assertThat(Codec.decodeDeadLetter(letter).isOk()).isTrue();
        }
    }
}
