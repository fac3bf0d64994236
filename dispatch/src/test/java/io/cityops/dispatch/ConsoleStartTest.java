package io.cityops.dispatch;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Start-up refuses, in one line naming the cause, what it cannot work with. */
class ConsoleStartTest {

    @Test
    void refusesABrokerWithoutTheIncidentsTopic(@TempDir Path dir) throws Exception {
        TestKafka.get();
        assertThatThrownBy(() -> Console.start(Fixtures.config("missing.", dir)))
                .hasMessageContaining("topic missing.city.incidents does not exist");
    }

    @Test
    void refusesABrokerItCannotReach(@TempDir Path dir) throws Exception {
        ConsoleConfig c =
                ConsoleConfig.defaults("127.0.0.1:1", Fixtures.users(dir))
                        .withPort(0)
                        .withDataDir(dir.resolve("data"));
        assertThatThrownBy(() -> Console.start(c)).hasMessageContaining("127.0.0.1:1");
    }

    @Test
    void refusesAMalformedKafkaAddressOrUsersFile(@TempDir Path dir) throws Exception {
        assertThatThrownBy(
                        () ->
                                Console.start(
                                        ConsoleConfig.defaults("localhost", Fixtures.users(dir))))
                .hasMessage("--kafka takes HOST:PORT, got 'localhost'");
        assertThatThrownBy(
                        () ->
                                Console.start(
                                        ConsoleConfig.defaults(
                                                "127.0.0.1:9092", dir.resolve("nope.txt"))))
                .hasMessageContaining("does not exist");
    }
}
