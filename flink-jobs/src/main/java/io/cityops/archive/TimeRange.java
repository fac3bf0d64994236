package io.cityops.archive;

import java.io.Serializable;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The event-time range of a replay, {@code from} and {@code until} both inclusive, in epoch ms;
 * {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} leave an end open.
 */
public record TimeRange(long from, long until) implements Serializable {
    /** Local time where a person types one without an offset (CONTRACT.md: Asia/Shanghai). */
    public static final ZoneId CITY_ZONE = ZoneId.of("Asia/Shanghai");

    public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public TimeRange {
        if (from > until) {
            throw new IllegalArgumentException(
                    "--from "
                            + Instant.ofEpochMilli(from)
                            + " is after --until "
                            + Instant.ofEpochMilli(until));
        }
    }

    /**
     * From the flags {@code --from} and {@code --until} (either may be null): epoch ms, an ISO
     * instant with its offset ({@code 2026-07-21T08:00+08:00}, {@code 2026-07-21T00:00Z}), or a
     * local date-time or date in the city's zone ({@code 2026-07-21T08:00}, {@code 2026-07-21}).
     */
    public static TimeRange parse(String from, String until) {
        return new TimeRange(
                from == null ? Long.MIN_VALUE : parseTime("--from", from),
                until == null ? Long.MAX_VALUE : parseTime("--until", until));
    }

    /** One instant as {@link #parse} reads it; {@code flag} names it in the error. */
    public static long parseTime(String flag, String text) {
        String t = text.strip();
        if (t.matches("\\d{1,16}")) {
            return Long.parseLong(t);
        }
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            // not with an offset; try local forms below
        }
        try {
            return Instant.parse(t).toEpochMilli();
        } catch (DateTimeException e) {
            // try local
        }
        try {
            return LocalDateTime.parse(t).atZone(CITY_ZONE).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            // try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(CITY_ZONE).toInstant().toEpochMilli();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    flag
                            + " takes epoch ms, an ISO time such as 2026-07-21T08:00+08:00, or a"
                            + " local time in Asia/Shanghai such as 2026-07-21T08:00; got '"
                            + text
                            + "'");
        }
    }

    public boolean isAll() {
        return from == Long.MIN_VALUE && until == Long.MAX_VALUE;
    }

    public boolean contains(long ts) {
        return ts >= from && ts <= until;
    }

    /** For messages: local city time with its offset, or "start"/"end" for an open end. */
    @Override
    public String toString() {
        return (from == Long.MIN_VALUE ? "start" : local(from))
                + " .. "
                + (until == Long.MAX_VALUE ? "end" : local(until));
    }

    /** {@code 2026-07-21T08:00:00+08:00}. */
    public static String local(long ts) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                Instant.ofEpochMilli(ts).atZone(CITY_ZONE).toOffsetDateTime());
    }
}
