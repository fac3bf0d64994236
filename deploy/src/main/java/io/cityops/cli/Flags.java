package io.cityops.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} flags of a verb; {@code --set NAME=VALUE} may repeat. */
final class Flags {
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, String> sets = new LinkedHashMap<>();

    static Flags parse(String verb, List<String> args, Set<String> known, Set<String> switches) {
        Flags f = new Flags();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!known.contains(a) && !switches.contains(a) && !a.equals("--set")) {
                throw new UsageException(
                        verb + ": unknown flag '" + a + "'; it takes " + String.join(" ", known));
            }
            if (switches.contains(a)) {
                f.values.put(a, "true");
                continue;
            }
            if (i + 1 >= args.size()) {
                throw new UsageException(verb + ": " + a + " needs a value");
            }
            String v = args.get(++i);
            if (a.equals("--set")) {
                int eq = v.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException(verb + ": --set takes NAME=VALUE, got '" + v + "'");
                }
                f.sets.put(v.substring(0, eq), v.substring(eq + 1));
            } else {
                f.values.put(a, v);
            }
        }
        return f;
    }

    String require(String verb, String flag) {
        String v = values.get(flag);
        if (v == null) {
            throw new UsageException(verb + ": " + flag + " is required");
        }
        return v;
    }

    static List<String> rest(String[] args) {
        List<String> l = new ArrayList<>(List.of(args));
        l.remove(0);
        return l;
    }

    /** A mistake in how a verb was called: printed as one line, exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
