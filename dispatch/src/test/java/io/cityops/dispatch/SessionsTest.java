package io.cityops.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

class SessionsTest {
    private final MutableClock clock = new MutableClock();
    private final Sessions sessions = new Sessions(clock, Duration.ofMinutes(30));
    private final User anna =
            new User("anna", Role.DISPATCHER, "DRAINAGE", Set.of("310101"), "unused");

    @Test
    void sessionEndsAfterThirtyIdleMinutes() {
        Sessions.Session s = sessions.open(anna);
        clock.advance(Duration.ofMinutes(29).plusSeconds(59));
        assertThat(sessions.peek(s.id())).isPresent();
        clock.advance(Duration.ofSeconds(1));
        assertThat(sessions.touch(s.id())).isEmpty();
        assertThat(sessions.size()).isZero();
    }

    @Test
    void activityKeepsASessionAliveButTheLiveStreamDoesNot() {
        Sessions.Session s = sessions.open(anna);
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.touch(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(20));
        assertThat(sessions.peek(s.id())).isPresent();
        clock.advance(Duration.ofMinutes(10));
        assertThat(sessions.peek(s.id())).isEmpty();
    }

    @Test
    void signOutEndsTheSessionAndUnknownIdsFindNothing() {
        Sessions.Session s = sessions.open(anna);
        sessions.close(s.id());
        assertThat(sessions.touch(s.id())).isEmpty();
        assertThat(sessions.touch("made-up")).isEmpty();
        assertThat(sessions.touch(null)).isEmpty();
    }

    @Test
    void csrfTokenIsPerSessionAndMustMatchExactly() {
        Sessions.Session a = sessions.open(anna);
        Sessions.Session b = sessions.open(anna);
        assertThat(a.csrf()).isNotEqualTo(b.csrf()).isNotEqualTo(a.id()).hasSizeGreaterThan(40);
        assertThat(Sessions.csrfMatches(a, a.csrf())).isTrue();
        assertThat(Sessions.csrfMatches(a, b.csrf())).isFalse();
        assertThat(Sessions.csrfMatches(a, null)).isFalse();
        assertThat(Sessions.csrfMatches(a, "")).isFalse();
        assertThat(Sessions.csrfMatches(a, a.csrf().substring(1))).isFalse();
    }

    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-07-21T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
