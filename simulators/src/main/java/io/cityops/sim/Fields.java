package io.cityops.sim;

import io.cityops.events.Districts;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to one YAML mapping of a scenario file, with errors that name the file, the path of
 * the field and the offending value.
 */
final class Fields {
    private static final Pattern DURATION =
            Pattern.compile("(-)?(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

    private final String where;
    private final Map<?, ?> map;

    Fields(String where, Object node) {
        if (!(node instanceof Map<?, ?> m)) {
            throw new ScenarioException(
                    where + ": expected a mapping of fields, got " + describe(node));
        }
        this.where = where;
        this.map = m;
    }

    String where() {
        return where;
    }

    /** Rejects fields this mapping does not know, so a typo is not silently ignored. */
    void allowOnly(Set<String> known) {
        for (Object k : map.keySet()) {
            if (!known.contains(String.valueOf(k))) {
                throw new ScenarioException(where + ": unknown field '" + k + "'; known: " + known);
            }
        }
    }

    boolean has(String name) {
        return map.get(name) != null;
    }

    Object raw(String name) {
        return map.get(name);
    }

    String string(String name) {
        Object v = required(name);
        if (v instanceof Map || v instanceof List) {
            throw wrong(name, "a text", v);
        }
        return String.valueOf(v);
    }

    String string(String name, String dflt) {
        return has(name) ? string(name) : dflt;
    }

    double number(String name) {
        Object v = required(name);
        if (!(v instanceof Number n)) {
            throw wrong(name, "a number", v);
        }
        return n.doubleValue();
    }

    double number(String name, double dflt) {
        return has(name) ? number(name) : dflt;
    }

    long integer(String name) {
        Object v = required(name);
        if (!(v instanceof Integer || v instanceof Long || v instanceof java.math.BigInteger)) {
            throw wrong(name, "a whole number", v);
        }
        return ((Number) v).longValue();
    }

    long integer(String name, long dflt) {
        return has(name) ? integer(name) : dflt;
    }

    boolean bool(String name, boolean dflt) {
        if (!has(name)) {
            return dflt;
        }
        Object v = map.get(name);
        if (!(v instanceof Boolean b)) {
            throw wrong(name, "true or false", v);
        }
        return b;
    }

    /** A duration such as {@code 90s}, {@code 20m}, {@code 1h30m} or {@code -5m}, in ms. */
    long duration(String name) {
        Object v = required(name);
        return parseDuration(where + "." + name, v);
    }

    long duration(String name, long dflt) {
        return has(name) ? duration(name) : dflt;
    }

    static long parseDuration(String where, Object v) {
        if (v instanceof Integer i && i == 0) {
            return 0;
        }
        String s = String.valueOf(v).trim().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(s);
        if (s.isEmpty()
                || s.equals("-")
                || !m.matches()
                || (m.group(2) == null && m.group(3) == null && m.group(4) == null)) {
            throw new ScenarioException(
                    where + ": expected a duration like 90s, 20m or 1h30m, got " + describe(v));
        }
        long ms = 0;
        if (m.group(2) != null) {
            ms += Long.parseLong(m.group(2)) * 3_600_000L;
        }
        if (m.group(3) != null) {
            ms += Long.parseLong(m.group(3)) * 60_000L;
        }
        if (m.group(4) != null) {
            ms += Long.parseLong(m.group(4)) * 1000L;
        }
        return m.group(1) != null ? -ms : ms;
    }

    String district(String name) {
        String code = string(name);
        if (!Districts.isDistrict(code)) {
            throw new ScenarioException(
                    where
                            + "."
                            + name
                            + ": '"
                            + code
                            + "' is not one of Shanghai's 16 district codes (310101 … 310151)");
        }
        return code;
    }

    List<String> districts(String name) {
        if (!has(name)) {
            return List.of();
        }
        Object v = map.get(name);
        if (!(v instanceof List<?> list)) {
            throw wrong(name, "a list of district codes", v);
        }
        List<String> out = new ArrayList<>();
        for (Object o : list) {
            String code = String.valueOf(o);
            if (!Districts.isDistrict(code)) {
                throw new ScenarioException(
                        where + "." + name + ": '" + code + "' is not a district code");
            }
            out.add(code);
        }
        return List.copyOf(out);
    }

    List<Double> numbers(String name) {
        Object v = required(name);
        if (!(v instanceof List<?> list) || list.isEmpty()) {
            throw wrong(name, "a non-empty list of numbers", v);
        }
        List<Double> out = new ArrayList<>();
        for (Object o : list) {
            if (!(o instanceof Number n)) {
                throw wrong(name, "a list of numbers", v);
            }
            out.add(n.doubleValue());
        }
        return List.copyOf(out);
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type) {
        String s = string(name);
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            throw new ScenarioException(
                    where
                            + "."
                            + name
                            + ": '"
                            + s
                            + "' is not one of "
                            + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, E dflt) {
        return has(name) ? enumValue(name, type) : dflt;
    }

    Fields child(String name) {
        return new Fields(where + "." + name, required(name));
    }

    private Object required(String name) {
        Object v = map.get(name);
        if (v == null) {
            throw new ScenarioException(where + ": missing field '" + name + "'");
        }
        return v;
    }

    private ScenarioException wrong(String name, String expected, Object v) {
        return new ScenarioException(
                where + "." + name + ": expected " + expected + ", got " + describe(v));
    }

    static String describe(Object v) {
        return v == null ? "nothing" : "'" + v + "'";
    }
}
