package io.cityops.dispatch;

import io.cityops.events.Breach;
import io.cityops.events.Codec;
import io.cityops.events.Evidence;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;
import io.cityops.events.Stream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Incidents as the job would write them, users with known passwords, and a console config. */
final class Fixtures {
    static final long MIN = 60_000;
    static final String PASSWORD = "correct horse battery staple";

    private Fixtures() {}

    /** A WATERLOGGING incident of a water-level sensor in 黄浦 for DRAINAGE, version 1, OPEN. */
    static Incident waterlogging(String sensor, Severity severity, long openedAt, String title) {
        long ackWindow = severity == Severity.CRITICAL ? 5 : severity == Severity.HIGH ? 15 : 60;
        return new Incident(
                "WATERLOGGING:" + sensor + ":" + openedAt,
                "WATERLOGGING",
                "WATERLOGGING",
                sensor,
                severity,
                IncidentStatus.OPEN,
                "310101",
                "310101002",
                null,
                31.2304,
                121.4737,
                List.of("DRAINAGE"),
                openedAt,
                openedAt,
                openedAt + ackWindow * MIN,
                openedAt + 240 * MIN,
                1,
                title,
                List.of(new Evidence("sensors", sensor, openedAt)),
                List.of(),
                null,
                1);
    }

    /** A MANHOLE_COVER incident in 黄浦 for ROADS: outside a DRAINAGE dispatcher's queue. */
    static Incident manhole(String sensor, long openedAt, String title) {
        Incident w = waterlogging(sensor, Severity.HIGH, openedAt, title);
        return new Incident(
                "MANHOLE_COVER:" + sensor + ":" + openedAt,
                "MANHOLE_COVER",
                "MANHOLE_COVER",
                sensor,
                Severity.HIGH,
                IncidentStatus.OPEN,
                w.district(),
                w.street(),
                null,
                31.2311,
                121.4702,
                List.of("ROADS"),
                openedAt,
                openedAt,
                w.ackBy(),
                openedAt + 180 * MIN,
                1,
                title,
                w.evidence(),
                List.of(),
                null,
                1);
    }

    /** The next version, as the job would emit it after a live action (stamped with its time). */
    static Incident next(Incident i, IncidentStatus status) {
        return next(i, status, Math.max(i.updatedAt() + 1000, System.currentTimeMillis()));
    }

    /** The next version, stamped {@code at}: the job stamps a version with its action's time. */
    static Incident next(Incident i, IncidentStatus status, long at) {
        return new Incident(
                i.id(),
                i.rule(),
                i.category(),
                i.subject(),
                i.severity(),
                status,
                i.district(),
                i.street(),
                i.cell(),
                i.lat(),
                i.lon(),
                i.departments(),
                i.openedAt(),
                at,
                i.ackBy(),
                i.resolveBy(),
                i.occurrences(),
                i.title(),
                i.evidence(),
                i.breaches(),
                i.parent(),
                i.version() + 1);
    }

    static Incident with(
            Incident i,
            String district,
            List<String> departments,
            IncidentStatus status,
            Severity severity,
            List<Breach> breaches) {
        return new Incident(
                i.id().replace(":" + i.openedAt(), "-" + district + ":" + i.openedAt()),
                i.rule(),
                i.category(),
                i.subject(),
                severity,
                status,
                district,
                district + "002",
                i.cell(),
                i.lat(),
                i.lon(),
                departments,
                i.openedAt(),
                i.updatedAt(),
                i.ackBy(),
                i.resolveBy(),
                i.occurrences(),
                i.title(),
                i.evidence(),
                breaches,
                i.parent(),
                i.version());
    }

    /** A street-order hotspot whose title and evidence carry citizen text that looks like HTML. */
    static Incident hostileHotspot(long openedAt) {
        return new Incident(
                "STREET_ORDER_HOTSPOT:WATERLOGGING_REPORT/8931aa42c7fffff:" + openedAt,
                "STREET_ORDER_HOTSPOT",
                "WATERLOGGING_REPORT",
                "WATERLOGGING_REPORT/8931aa42c7fffff",
                Severity.MEDIUM,
                IncidentStatus.OPEN,
                "310101",
                "310101002",
                "8931aa42c7fffff",
                31.2351,
                121.4801,
                List.of("DRAINAGE"),
                openedAt,
                openedAt,
                openedAt + 60 * MIN,
                openedAt + 240 * MIN,
                5,
                "<script>alert(1)</script> 南京东路 100 号 积水 ×5",
                List.of(
                        new Evidence("street-orders", "SO-<img src=x onerror=alert(2)>", openedAt),
                        new Evidence("street-orders", "SO-20261122-000124", openedAt)),
                List.of(),
                null,
                1);
    }

    static void publish(String prefix, Incident i) throws Exception {
        TestKafka.publish(prefix + Stream.INCIDENTS_TOPIC, i.id(), Codec.encode(i));
    }

    /**
     * A dispatcher of DRAINAGE in 黄浦, a supervisor of 黄浦 (all departments), a viewer of the city;
     * cheap hashes so the tests stay fast.
     */
    static Path users(Path dir) throws Exception {
        String h = Passwords.hash(PASSWORD, 1000);
        Path f = dir.resolve("users.txt");
        Files.writeString(
                f,
                "# test users\n"
                        + "dispatcher-07 dispatcher DRAINAGE 310101 "
                        + h
                        + "\n"
                        + "supervisor-310101 supervisor * 310101 "
                        + h
                        + "\n"
                        + "viewer viewer * * "
                        + h
                        + "\n");
        return f;
    }

    static ConsoleConfig config(String prefix, Path dir) throws Exception {
        return ConsoleConfig.defaults(TestKafka.bootstrap(), users(dir))
                .withPort(0)
                .withTopicPrefix(prefix)
                .withDataDir(dir.resolve("data"))
                .withWebhookRetries(5, Duration.ofMillis(50));
    }
}
