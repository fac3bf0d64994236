package io.cityops.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

class CityTimeClockTest {
    private final AtomicLong wallNow = new AtomicLong(1_000_000);
    private final Clock wall =
            new Clock() {
                @Override
                public long millis() {
                    return wallNow.get();
                }

                @Override
                public Instant instant() {
                    return Instant.ofEpochMilli(millis());
                }

                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }
            };

    /** A clock whose consumer has nothing to read (no broker): ticks are fed by hand. */
    private CityTimeClock clock() {
        return new CityTimeClock("127.0.0.1:1", "city.clock", wall);
    }

    @Test
    void wallClockUntilTheFirstTickThenTheWatermarkAndNeverBehindIt() {
        try (CityTimeClock c = clock()) {
            assertThat(c.millis()).isEqualTo(1_000_000);
            c.accept("{\"watermark\":5000,\"wall\":1}", wallNow.get());
            assertThat(c.millis()).isEqualTo(5001);
        }
    }

    @Test
    void extrapolatesAtTheRateOfTheLastTicksForAFewSecondsOnly() {
        try (CityTimeClock c = clock()) {
            c.accept("{\"watermark\":0,\"wall\":1}", wallNow.get());
            wallNow.addAndGet(1000);
            // The demo's city runs 120 times faster than the wall clock.
            c.accept("{\"watermark\":120000,\"wall\":2}", wallNow.get());
            wallNow.addAndGet(500);
            assertThat(c.millis()).isEqualTo(180_000);
            wallNow.addAndGet(60_000);
            assertThat(c.millis())
                    .as("a stalled job stops the clock")
                    .isEqualTo(120_000 + 120 * CityTimeClock.MAX_EXTRAPOLATION_MS);
        }
    }

    @Test
    void aTickFromTheEarlierPastOrNotJsonChangesNothing() {
        try (CityTimeClock c = clock()) {
            c.accept("{\"watermark\":9000,\"wall\":1}", wallNow.get());
            c.accept("{\"watermark\":100,\"wall\":2}", wallNow.get());
            c.accept("not json", wallNow.get());
            assertThat(c.millis()).isEqualTo(9001);
        }
    }
}
