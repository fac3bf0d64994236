package io.cityops.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, in memory: a restart of the console signs everyone out. A session ends after
 * {@code idle} without a request that counts as activity (a page or an action; the live event
 * stream does not keep a session alive), or on sign-out. Each session has its own CSRF token.
 */
final class Sessions {
    record Session(String id, User user, String csrf, long createdAt) {}

    private record Entry(Session session, long lastSeen) {}

    private final Map<String, Entry> byId = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long idleMs;

    Sessions(Clock clock, Duration idle) {
        this.clock = clock;
        this.idleMs = idle.toMillis();
    }

    Session open(User user) {
        purge();
        Session s = new Session(Passwords.token(), user, Passwords.token(), clock.millis());
        byId.put(s.id(), new Entry(s, clock.millis()));
        return s;
    }

    /** The live session with this id, marked active now; empty when unknown or idle too long. */
    Optional<Session> touch(String id) {
        return find(id, true);
    }

    /** As {@link #touch} without counting as activity. */
    Optional<Session> peek(String id) {
        return find(id, false);
    }

    private Optional<Session> find(String id, boolean activity) {
        if (id == null) {
            return Optional.empty();
        }
        long now = clock.millis();
        Entry e = byId.get(id);
        if (e == null) {
            return Optional.empty();
        }
        if (now - e.lastSeen() >= idleMs) {
            byId.remove(id, e);
            return Optional.empty();
        }
        if (activity) {
            byId.put(id, new Entry(e.session(), now));
        }
        return Optional.of(e.session());
    }

    void close(String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Whether {@code token} is this session's CSRF token (constant time). */
    static boolean csrfMatches(Session s, String token) {
        return Passwords.sameSecret(s.csrf(), token);
    }

    private void purge() {
        long now = clock.millis();
        byId.values().removeIf(e -> now - e.lastSeen() >= idleMs);
    }

    int size() {
        return byId.size();
    }
}
