package io.cityops.dispatch;

import io.cityops.events.Incident;

import java.util.Set;

/**
 * A person who may sign in. {@code department} is one department ("DRAINAGE") or {@code *} for all;
 * {@code districts} holds district codes or {@code *}. Together they are the person's scope: the
 * incidents they see and may act on.
 */
public record User(
        String username, Role role, String department, Set<String> districts, String hash) {

    public static final String ALL = "*";

    public boolean sees(Incident i) {
        boolean dept = department.equals(ALL) || i.departments().contains(department);
        return dept && coversDistrict(i.district());
    }

    public boolean coversDistrict(String district) {
        return districts.contains(ALL) || districts.contains(district);
    }
}
