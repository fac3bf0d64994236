package io.cityops.dashboards;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One panel of a board: what it shows (title, one-line description, unit), how (visualisation), the
 * InfluxQL behind it, and what those queries must return in the integration test.
 *
 * @param width columns of Grafana's 24-column grid
 * @param clock the clock of the measurements it reads, so a test knows which time range to give it
 * @param thresholds colour steps (the first has no value); empty: a single colour
 * @param min the axis or gauge minimum, or null for Grafana's choice
 * @param max the axis or gauge maximum, or null for Grafana's choice
 * @param naming how the series' tag values read on screen
 */
public record Panel(
        String title,
        String description,
        Viz viz,
        String unit,
        List<Target> targets,
        int width,
        Clock clock,
        Expectation expect,
        List<Step> thresholds,
        Double min,
        Double max,
        Naming naming) {

    /** How a panel's series or columns are named on screen. */
    public enum Naming {
        /** As the query's alias says. */
        AS_IS,
        /** District codes (310101) shown as their names (黄浦). */
        DISTRICT,
        /** Severities keep one colour each on every board. */
        SEVERITY
    }

    public Panel {
        targets = List.copyOf(targets);
        thresholds = List.copyOf(thresholds);
    }

    public static Builder of(Viz viz, String title) {
        return new Builder(viz, title);
    }

    /**
     * Builds a panel; {@link #build()} refuses one without unit, description, query or expectation.
     */
    public static final class Builder {
        private final Viz viz;
        private final String title;
        private String description;
        private String unit;
        private final List<Target> targets = new ArrayList<>();
        private int width = 12;
        private Clock clock = Clock.EVENT;
        private Expectation expect;
        private final List<Step> thresholds = new ArrayList<>();
        private Double min;
        private Double max;
        private Naming naming = Naming.AS_IS;

        private Builder(Viz viz, String title) {
            this.viz = viz;
            this.title = title;
        }

        public Builder unit(String unit) {
            this.unit = unit;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** A query whose series are named by {@code alias} (e.g. {@code $tag_district}). */
        public Builder series(String query, String alias) {
            targets.add(new Target(nextRefId(), query, Target.ResultFormat.TIME_SERIES, alias));
            return this;
        }

        /** A query shown as rows of a table: one row per returned series and point. */
        public Builder table(String query) {
            targets.add(new Target(nextRefId(), query, Target.ResultFormat.TABLE, null));
            return this;
        }

        public Builder width(int width) {
            this.width = width;
            return this;
        }

        public Builder wallClock() {
            this.clock = Clock.WALL;
            return this;
        }

        public Builder expect(String groupTag, int minSeries) {
            this.expect = new Expectation(groupTag, minSeries);
            return this;
        }

        public Builder thresholds(Step... steps) {
            thresholds.addAll(List.of(steps));
            return this;
        }

        public Builder range(double min, double max) {
            this.min = min;
            this.max = max;
            return this;
        }

        public Builder min(double min) {
            this.min = min;
            return this;
        }

        public Builder naming(Naming naming) {
            this.naming = naming;
            return this;
        }

        public Panel build() {
            Objects.requireNonNull(unit, () -> "panel \"" + title + "\" has no unit");
            Objects.requireNonNull(description, () -> "panel \"" + title + "\" has no description");
            Objects.requireNonNull(expect, () -> "panel \"" + title + "\" has no expectation");
            if (targets.isEmpty()) {
                throw new IllegalStateException("panel \"" + title + "\" has no query");
            }
            return new Panel(
                    title,
                    description,
                    viz,
                    unit,
                    targets,
                    width,
                    clock,
                    expect,
                    thresholds,
                    min,
                    max,
                    naming);
        }

        private String nextRefId() {
            return String.valueOf((char) ('A' + targets.size()));
        }
    }
}
