package io.cityops.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.Map;

class JobConfigTest {
    @Test
    void namesTheJobsKafkaTransactionsAfterItsGroupUnlessToldOtherwise() {
        assertThat(JobConfig.defaults().transactionalIds()).isEqualTo("cityops-monitor");
        assertThat(
                        JobConfig.fromArgs(Map.of(JobConfig.GROUP_ID, "east"), Map.of())
                                .transactionalIds())
                .isEqualTo("east");
        assertThat(
                        JobConfig.fromArgs(
                                        Map.of(
                                                JobConfig.GROUP_ID,
                                                "east",
                                                JobConfig.TRANSACTIONAL_ID_PREFIX,
                                                "east-blue"),
                                        Map.of())
                                .transactionalIds())
                .isEqualTo("east-blue");
    }

    @Test
    void refusesATransactionalIdPrefixWithSpacesOrSlashes() {
        assertThatThrownBy(
                        () ->
                                JobConfig.fromArgs(
                                        Map.of(JobConfig.TRANSACTIONAL_ID_PREFIX, "a b/c"),
                                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "--transactional-id-prefix must be letters, digits, _ . or -, got 'a b/c'");
    }
}
