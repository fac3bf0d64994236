package io.cityops.dashboards;

import java.util.List;
import java.util.Optional;

/**
 * What a panel's queries must return against the metrics of a scenario run: at least {@code
 * minSeries} series, each tagged with {@code groupTag} when there is one. {@code minSeries} 0 says
 * only that the queries run: their data depends on what the scenario does (dispatch actions, bad
 * input, checkpoints), not on the city alone.
 *
 * @param groupTag the tag the panel groups by, or null when it groups by time only
 */
public record Expectation(String groupTag, int minSeries) {
    public Expectation {
        if (minSeries < 0) {
            throw new IllegalArgumentException("minSeries must be 0 or more, not " + minSeries);
        }
    }

    /** What is wrong with {@code series} as an answer to the panel, if anything. */
    public Optional<String> mismatch(List<SeriesResult> series) {
        if (series.size() < minSeries) {
            return Optional.of("expected at least " + minSeries + " series, got " + series.size());
        }
        if (groupTag != null) {
            for (SeriesResult s : series) {
                if (!s.tags().containsKey(groupTag)) {
                    return Optional.of(
                            "expected every series to carry tag "
                                    + groupTag
                                    + ", but "
                                    + s.name()
                                    + " has "
                                    + s.tags());
                }
            }
        }
        for (SeriesResult s : series) {
            if (s.rows() == 0) {
                return Optional.of("series " + s.name() + " " + s.tags() + " has no rows");
            }
        }
        return Optional.empty();
    }
}
