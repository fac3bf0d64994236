package io.cityops.sim;

import io.cityops.events.Hazard;
import io.cityops.events.OrderCategory;
import io.cityops.events.OrderSource;
import io.cityops.events.WarningLevel;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A scenario: when it starts, how long it runs, its default fleet size and seed, and its scripted
 * events. Read from a YAML file (see {@code scenarios/README.md} on the classpath for the format).
 */
public final class Scenario {
    public static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The scenarios shipped on the classpath under {@code scenarios/}. */
    public static final List<String> BUILT_IN =
            List.of(
                    "calm-day",
                    "rainstorm",
                    "typhoon",
                    "sensor-outage",
                    "elevator-entrapment",
                    "gas-leak",
                    "street-vendors");

    private static final Set<String> TOP =
            Set.of(
                    "name",
                    "description",
                    "start",
                    "duration",
                    "facilities",
                    "stations",
                    "seed",
                    "ordersPerDay",
                    "events");

    private final String name;
    private final String description;
    private final long start;
    private final long duration;
    private final int facilities;
    private final int stations;
    private final long seed;
    private final int ordersPerDay;
    private final List<Event> events;

    private Scenario(
            String name,
            String description,
            long start,
            long duration,
            int facilities,
            int stations,
            long seed,
            int ordersPerDay,
            List<Event> events) {
        this.name = name;
        this.description = description;
        this.start = start;
        this.duration = duration;
        this.facilities = facilities;
        this.stations = stations;
        this.seed = seed;
        this.ordersPerDay = ordersPerDay;
        this.events = List.copyOf(events);
    }

    /** A built-in scenario by name ("rainstorm"), else a YAML file at that path. */
    public static Scenario load(String nameOrPath) {
        String resource = "scenarios/" + nameOrPath + ".yaml";
        try (InputStream in = Scenario.class.getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
            }
        } catch (IOException e) {
            throw new ScenarioException("cannot read " + resource + ": " + e.getMessage(), e);
        }
        Path path = Path.of(nameOrPath);
        if (!Files.isRegularFile(path)) {
            throw new ScenarioException(
                    "no scenario '"
                            + nameOrPath
                            + "': not a built-in one "
                            + BUILT_IN
                            + " and no such file");
        }
        return load(path);
    }

    public static Scenario load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new ScenarioException(
                    "cannot read scenario file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses scenario YAML; {@code origin} names the text in error messages. */
    public static Scenario parse(String yaml, String origin) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (RuntimeException e) {
            throw new ScenarioException(
                    origin + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""),
                    e);
        }
        Fields f = new Fields(origin, root);
        f.allowOnly(TOP);
        long duration = f.duration("duration");
        if (duration <= 0 || duration > 7 * 86_400_000L) {
            throw new ScenarioException(
                    origin
                            + ".duration: must be more than 0 and at most 7 days, was "
                            + f.raw("duration"));
        }
        List<Event> events = new ArrayList<>();
        if (f.has("events")) {
            if (!(f.raw("events") instanceof List<?> list)) {
                throw new ScenarioException(
                        origin
                                + ".events: expected a list, got "
                                + Fields.describe(f.raw("events")));
            }
            Set<String> floods = new java.util.HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                String where = origin + ".events[" + i + "]";
                Event e = event(where, list.get(i));
                String near =
                        e instanceof Event.ManholeLift m
                                ? m.near()
                                : e instanceof Event.Orders o ? o.near() : null;
                if (near != null && !floods.contains(near)) {
                    throw new ScenarioException(
                            where
                                    + ".near: '"
                                    + near
                                    + "' is not the id of an earlier flood; known: "
                                    + floods);
                }
                if (e instanceof Event.Flood flood && flood.id() != null) {
                    floods.add(flood.id());
                }
                events.add(e);
            }
        }
        return new Scenario(
                f.string("name"),
                f.string("description", ""),
                start(origin + ".start", f.raw("start")),
                duration,
                (int) f.integer("facilities", 1000),
                (int) f.integer("stations", 200),
                f.integer("seed", 1),
                (int) f.integer("ordersPerDay", 3000),
                events);
    }

    /** ISO with offset, local ISO (read as Asia/Shanghai), or epoch milliseconds. */
    static long start(String where, Object v) {
        if (v == null) {
            throw new ScenarioException(
                    where + ": missing; give e.g. \"2026-07-21T07:00:00+08:00\"");
        }
        if (v instanceof Date d) {
            return d.getTime();
        }
        if (v instanceof Number n) {
            return n.longValue();
        }
        String s = String.valueOf(v).trim();
        try {
            return OffsetDateTime.parse(s).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s.replace(' ', 'T'))
                        .atZone(SHANGHAI)
                        .toInstant()
                        .toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new ScenarioException(
                        where
                                + ": '"
                                + s
                                + "' is not a time; give e.g. \"2026-07-21T07:00:00+08:00\" or epoch ms");
            }
        }
    }

    private static Event event(String where, Object node) {
        if (!(node instanceof Map<?, ?> m) || m.size() != 1) {
            throw new ScenarioException(
                    where
                            + ": expected one kind with its fields, e.g. '- flood: {district: 310101, …}', got "
                            + Fields.describe(node));
        }
        String kind = String.valueOf(m.keySet().iterator().next());
        Fields f = new Fields(where + "." + kind, m.values().iterator().next());
        return switch (kind) {
            case "flood" -> {
                f.allowOnly(Set.of("id", "district", "at", "peakCm", "rise", "hold", "recede"));
                yield new Event.Flood(
                        f.string("id", null),
                        f.district("district"),
                        f.duration("at"),
                        f.number("peakCm"),
                        f.duration("rise", 900_000),
                        f.duration("hold", 1_200_000),
                        f.duration("recede", 1_200_000));
            }
            case "manhole" -> {
                f.allowOnly(Set.of("near", "district", "at", "openFor"));
                String near = f.string("near", null);
                yield new Event.ManholeLift(
                        near,
                        near == null ? f.district("district") : null,
                        f.duration("at"),
                        f.duration("openFor"));
            }
            case "orders" -> {
                f.allowOnly(
                        Set.of(
                                "near",
                                "point",
                                "district",
                                "category",
                                "source",
                                "count",
                                "at",
                                "over"));
                String near = f.string("near", null);
                Event.Point p = null;
                if (near == null) {
                    Fields pf = f.child("point");
                    pf.allowOnly(Set.of("name", "lat", "lon"));
                    p =
                            new Event.Point(
                                    pf.string("name", null), pf.number("lat"), pf.number("lon"));
                }
                yield new Event.Orders(
                        near,
                        p,
                        near == null ? f.district("district") : null,
                        f.enumValue("category", OrderCategory.class),
                        f.enumValue("source", OrderSource.class, OrderSource.HOTLINE),
                        positive(f, "count"),
                        f.duration("at"),
                        f.duration("over"));
            }
            case "outage" -> {
                f.allowOnly(Set.of("district", "street", "sensors", "at", "spread", "duration"));
                yield new Event.Outage(
                        f.district("district"),
                        (int) f.integer("street", 1),
                        positive(f, "sensors"),
                        f.duration("at"),
                        f.duration("spread", 120_000),
                        f.duration("duration"));
            }
            case "entrapment" -> {
                f.allowOnly(Set.of("district", "at", "duration"));
                yield new Event.Entrapment(
                        f.district("district"), f.duration("at"), f.duration("duration"));
            }
            case "gasLeak" -> {
                f.allowOnly(
                        Set.of(
                                "district",
                                "at",
                                "peakLel",
                                "rise",
                                "hold",
                                "fall",
                                "smoke",
                                "smokeAfter"));
                yield new Event.GasLeak(
                        f.district("district"),
                        f.duration("at"),
                        f.number("peakLel"),
                        f.duration("rise", 240_000),
                        f.duration("hold", 360_000),
                        f.duration("fall", 480_000),
                        f.bool("smoke", false),
                        f.duration("smokeAfter", 50_000));
            }
            case "structureTilt" -> {
                f.allowOnly(Set.of("district", "afterGust", "at", "tilts", "hold"));
                yield new Event.StructureTilt(
                        f.district("district"),
                        f.bool("afterGust", false),
                        f.duration("at"),
                        f.numbers("tilts"),
                        f.duration("hold", 1_200_000));
            }
            case "streetlights" -> {
                f.allowOnly(Set.of("district", "count", "at", "spread", "fixAfter"));
                yield new Event.StreetlightFault(
                        f.district("district"),
                        positive(f, "count"),
                        f.duration("at"),
                        f.duration("spread", 360_000),
                        f.duration("fixAfter", 7_200_000));
            }
            case "front" -> {
                f.allowOnly(
                        Set.of(
                                "passes",
                                "at",
                                "moving",
                                "speedKmh",
                                "widthKm",
                                "rainMmH",
                                "gustMs"));
                Fields pf = f.child("passes");
                pf.allowOnly(Set.of("name", "lat", "lon"));
                String moving = f.string("moving");
                if (Weather.bearing(moving) == null) {
                    throw new ScenarioException(
                            f.where()
                                    + ".moving: '"
                                    + moving
                                    + "' is not one of N, NE, E, SE, S, SW, W, NW");
                }
                yield new Event.Front(
                        new Event.Point(
                                pf.string("name", null), pf.number("lat"), pf.number("lon")),
                        f.duration("at"),
                        moving,
                        f.number("speedKmh"),
                        f.number("widthKm"),
                        f.number("rainMmH", 0),
                        f.number("gustMs", 0));
            }
            case "squall" -> {
                f.allowOnly(Set.of("district", "at", "duration", "gustMs"));
                yield new Event.Squall(
                        f.district("district"),
                        f.duration("at"),
                        f.duration("duration"),
                        f.number("gustMs"));
            }
            case "warning" -> {
                f.allowOnly(Set.of("at", "hazard", "level", "districts", "until"));
                yield new Event.Warning(
                        f.duration("at"),
                        f.enumValue("hazard", Hazard.class),
                        f.enumValue("level", WarningLevel.class),
                        f.districts("districts"),
                        f.has("until") ? f.duration("until") : null);
            }
            default ->
                    throw new ScenarioException(
                            where
                                    + ": unknown event kind '"
                                    + kind
                                    + "'; known: flood, manhole, orders, outage, entrapment, gasLeak, structureTilt, streetlights, front, squall, warning");
        };
    }

    private static int positive(Fields f, String name) {
        long n = f.integer(name);
        if (n < 1 || n > 100_000) {
            throw new ScenarioException(
                    f.where() + "." + name + ": must be between 1 and 100000, was " + n);
        }
        return (int) n;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Start in epoch ms. */
    public long start() {
        return start;
    }

    public long durationMs() {
        return duration;
    }

    public int facilities() {
        return facilities;
    }

    public int stations() {
        return stations;
    }

    public long seed() {
        return seed;
    }

    public int ordersPerDay() {
        return ordersPerDay;
    }

    List<Event> events() {
        return events;
    }

    @Override
    public String toString() {
        return name
                + " ("
                + Instant.ofEpochMilli(start).atZone(SHANGHAI).toLocalDateTime()
                + ", "
                + duration / 60_000
                + " min, "
                + events.size()
                + " events)";
    }
}
