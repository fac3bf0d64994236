package io.cityops.dashboards;

import java.util.List;

/**
 * One Grafana board. Its {@code uid} is its address ({@code /d/<uid>}) and the name of its file
 * under deploy/grafana/dashboards, so links and bookmarks survive every regeneration.
 */
public record Board(String uid, String title, String description, List<Panel> panels) {
    public Board {
        panels = List.copyOf(panels);
    }
}
