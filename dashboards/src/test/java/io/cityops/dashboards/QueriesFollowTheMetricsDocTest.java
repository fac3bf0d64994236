package io.cityops.dashboards;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The boards read only what docs/metrics.md says the job writes: its measurements, the tags and
 * fields it lists for each, the tag values it enumerates. A measurement or tag renamed in the doc
 * (and so in the job) fails here instead of leaving a board silently empty.
 */
class QueriesFollowTheMetricsDocTest {
    private static final Path DOC = CommittedBoardsTest.REPOSITORY.resolve("docs/metrics.md");

    /** The one panel that does not filter by district, and why: see PipelineBoard. */
    private static final Set<String> UNFILTERED_BY_DISTRICT = Set.of("Accepted events per stream");

    private static final Pattern BACKTICKED = Pattern.compile("`(\\w+)`(?:\\s*\\(([^)]*)\\))?");
    private static final Pattern FROM = Pattern.compile("FROM \"(\\w+)\"");
    private static final Pattern ALIAS = Pattern.compile("AS \"(\\w+)\"");
    private static final Pattern IDENTIFIER = Pattern.compile("\"(\\w+)\"");
    private static final Pattern COMPARED = Pattern.compile("\"(\\w+)\" (?:=~|!~|=|!=|<>) ");
    private static final Pattern LITERAL = Pattern.compile("\"(\\w+)\" = '([^']*)'");
    private static final Pattern GROUP_BY =
            Pattern.compile("GROUP BY ((?:time\\([^)]*\\)|[^()])*)");

    /** A measurement as the doc's table lists it; a tag's value set is empty when not listed. */
    record Measurement(String name, Map<String, Set<String>> tags, Set<String> fields) {}

    private static Map<String, Measurement> doc;

    @BeforeAll
    static void readTheDoc() throws IOException {
        doc = parse(Files.readAllLines(DOC, StandardCharsets.UTF_8));
    }

    @Test
    void theDocListsEveryMeasurementTheJobWrites() {
        // A doc whose tables no longer parse would let every other test here pass on nothing.
        assertThat(doc.keySet())
                .containsExactlyInAnyOrder(
                        "events",
                        "rejected",
                        "incidents_opened",
                        "incidents_resolved",
                        "open_incidents",
                        "incident_times",
                        "incident_latency",
                        "breaches",
                        "weather",
                        "water_depth",
                        "sensors_online",
                        "pipeline",
                        "checkpoints");
        assertThat(doc.get("incident_times").tags().get("kind")).containsExactly("ack", "resolve");
        assertThat(doc.get("incident_times").fields())
                .containsExactly("count", "on_time", "sum_s", "max_s");
    }

    @Test
    void everyQueryReadsOnlyMeasurementsTheDocNames() {
        for (Query q : queries()) {
            assertThat(measurements(q.text()))
                    .as("%s: %s", q.panel(), q.text())
                    .isNotEmpty()
                    .allSatisfy(
                            m ->
                                    assertThat(doc)
                                            .as("%s: measurement %s", q.panel(), m)
                                            .containsKey(m));
        }
    }

    @Test
    void everyQueryNamesOnlyTagsAndFieldsTheDocListsForItsMeasurements() {
        for (Query q : queries()) {
            Set<String> known = new HashSet<>(measurements(q.text()));
            known.addAll(all(ALIAS, q.text()));
            for (String m : measurements(q.text())) {
                known.addAll(doc.get(m).tags().keySet());
                known.addAll(doc.get(m).fields());
            }
            assertThat(all(IDENTIFIER, q.text()))
                    .as("%s: identifiers of %s", q.panel(), q.text())
                    .allSatisfy(id -> assertThat(known).contains(id));
        }
    }

    @Test
    void everyQueryFiltersAndGroupsOnlyByTags() {
        for (Query q : queries()) {
            Set<String> byTag = new LinkedHashSet<>(all(COMPARED, q.text()));
            Matcher g = GROUP_BY.matcher(q.text());
            while (g.find()) {
                byTag.addAll(all(IDENTIFIER, g.group(1)));
            }
            for (String m : measurements(q.text())) {
                assertThat(doc.get(m).tags().keySet())
                        .as("%s: tags of %s used by %s", q.panel(), m, q.text())
                        .containsAll(byTag);
            }
        }
    }

    @Test
    void tagValuesInQueriesAreOnesTheDocEnumerates() {
        for (Query q : queries()) {
            Matcher l = LITERAL.matcher(q.text());
            while (l.find()) {
                for (String m : measurements(q.text())) {
                    Set<String> values = doc.get(m).tags().get(l.group(1));
                    if (!values.isEmpty()) {
                        assertThat(values).as("%s: %s", q.panel(), q.text()).contains(l.group(2));
                    }
                }
            }
        }
    }

    @Test
    void queriesFilterByTheBoardVariablesWhereTheMeasurementHasTheTag() {
        for (Query q : queries()) {
            List<String> ms = measurements(q.text());
            if (ms.stream().allMatch(m -> doc.get(m).tags().containsKey("district"))
                    && !UNFILTERED_BY_DISTRICT.contains(q.panel())) {
                assertThat(q.text()).as(q.panel()).contains("\"district\" =~ /^$district$/");
            }
            if (ms.stream().allMatch(m -> doc.get(m).tags().containsKey("rule"))) {
                assertThat(q.text()).as(q.panel()).contains("\"rule\" =~ /^$category$/");
            }
        }
    }

    @Test
    void theOpenIncidentsGaugeIsReadAsItsLastValuePerSeries() {
        // Written only in the minutes it changed: a sum over the range would add the same
        // incidents up once per change.
        for (Query q : queries()) {
            if (measurements(q.text()).contains("open_incidents")) {
                assertThat(q.text())
                        .as(q.panel())
                        .containsAnyOf("last(\"count\")", "fill(previous)");
            }
        }
    }

    record Query(String panel, String text) {}

    private static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        for (Board b : Boards.all()) {
            for (Panel p : b.panels()) {
                for (Target t : p.targets()) {
                    queries.add(new Query(p.title(), t.query()));
                }
            }
        }
        return queries;
    }

    private static List<String> measurements(String query) {
        return all(FROM, query);
    }

    private static List<String> all(Pattern p, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The rows of the doc's tables: | `measurement` | tags | fields | meaning |. */
    static Map<String, Measurement> parse(List<String> lines) {
        Map<String, Measurement> measurements = new LinkedHashMap<>();
        for (String line : lines) {
            if (!line.startsWith("| `")) {
                continue;
            }
            String[] cells = line.split("\\|");
            String name = cells[1].trim().replace("`", "");
            Map<String, Set<String>> tags = new LinkedHashMap<>();
            Matcher t = BACKTICKED.matcher(cells[2]);
            while (t.find()) {
                Set<String> values = new LinkedHashSet<>();
                if (t.group(2) != null) {
                    for (String v : t.group(2).split(",")) {
                        values.add(v.trim());
                    }
                }
                tags.put(t.group(1), values);
            }
            Set<String> fields = new LinkedHashSet<>();
            Matcher f = BACKTICKED.matcher(cells[3]);
            while (f.find()) {
                fields.add(f.group(1));
            }
            measurements.put(name, new Measurement(name, tags, fields));
        }
        return measurements;
    }
}
