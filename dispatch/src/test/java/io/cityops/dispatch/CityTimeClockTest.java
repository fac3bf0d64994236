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

    private static final long LEAD = CityTimeClock.LEAD_MS;

    @Test
    void wallClockUntilTheFirstTickThenAheadOfTheWatermark() {
        try (CityTimeClock c = clock()) {
            assertThat(c.millis()).isEqualTo(1_000_000);
            c.accept("{\"watermark\":5000,\"wall\":1}", wallNow.get());
            // Rate unknown yet: real time.
            assertThat(c.millis()).isEqualTo(5001 + LEAD);
        }
    }

    @Test
    void extrapolatesAtTheRateOnTheJobsClockForAFewSecondsOnly() {
        try (CityTimeClock c = clock()) {
            // The demo's city runs 120 times faster than the wall clock.
            c.accept("{\"watermark\":0,\"wall\":0}", wallNow.get());
            wallNow.addAndGet(1000);
            c.accept("{\"watermark\":120000,\"wall\":1000}", wallNow.get());
            wallNow.addAndGet(1000);
            c.accept("{\"watermark\":240000,\"wall\":2000}", wallNow.get());
            wallNow.addAndGet(500);
            assertThat(c.millis()).isEqualTo(240_001 + (500 + LEAD) * 120);
            wallNow.addAndGet(60_000);
            assertThat(c.millis())
                    .as("a stalled job stops the clock")
                    .isEqualTo(240_001 + (CityTimeClock.MAX_EXTRAPOLATION_MS + LEAD) * 120);
        }
    }

    @Test
    void ticksDelayedAndDeliveredInABurstDoNotFakeAFastCity() {
        try (CityTimeClock c = clock()) {
            c.accept("{\"watermark\":0,\"wall\":0}", wallNow.get());
            // Three seconds of ticks on the job's clock arrive within a millisecond.
            c.accept("{\"watermark\":1000,\"wall\":1000}", wallNow.get());
            c.accept("{\"watermark\":2000,\"wall\":2000}", wallNow.get());
            c.accept("{\"watermark\":3000,\"wall\":3000}", wallNow.incrementAndGet());
            assertThat(c.millis()).isEqualTo(3001 + LEAD);
        }
    }

    @Test
    void aWatermarkThatMovesInJumpsGetsALeadOfItsLargestJump() {
        try (CityTimeClock c = clock()) {
            c.accept("{\"watermark\":0,\"wall\":0}", wallNow.get());
            c.accept("{\"watermark\":0,\"wall\":1000}", wallNow.get());
            c.accept("{\"watermark\":0,\"wall\":2000}", wallNow.get());
            // A busy job: nothing for three seconds, then eight city minutes at once.
            c.accept("{\"watermark\":480000,\"wall\":3000}", wallNow.get());
            assertThat(c.millis()).isEqualTo(480_001 + 480_000);
        }
    }

    @Test
    void aTickFromTheEarlierPastOrNotJsonChangesNothing() {
        try (CityTimeClock c = clock()) {
            c.accept("{\"watermark\":9000,\"wall\":1}", wallNow.get());
            c.accept("{\"watermark\":100,\"wall\":2}", wallNow.get());
            c.accept("not json", wallNow.get());
            assertThat(c.millis()).isEqualTo(9001 + LEAD);
        }
    }
}
