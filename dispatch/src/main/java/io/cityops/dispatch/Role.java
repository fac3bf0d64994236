package io.cityops.dispatch;

import java.util.Locale;

/** What a signed-in person may do. Everyone sees the queue of their scope. */
public enum Role {
    /** Sees, never acts. */
    VIEWER,
    /** Acts on incidents of their department and districts. */
    DISPATCHER,
    /** Acts like a dispatcher and is told of escalations in their districts. */
    SUPERVISOR;

    public boolean canAct() {
        return this != VIEWER;
    }

    /** The role named {@code s} in a users file ("dispatcher"), or an error naming the value. */
    static Role parse(String s) {
        try {
            return valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "role must be viewer, dispatcher or supervisor, got '" + s + "'");
        }
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
