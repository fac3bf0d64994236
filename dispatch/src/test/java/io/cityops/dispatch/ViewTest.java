package io.cityops.dispatch;

import static io.cityops.dispatch.Fixtures.MIN;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.events.ActionType;
import io.cityops.events.Breach;
import io.cityops.events.Incident;
import io.cityops.events.IncidentStatus;
import io.cityops.events.Severity;

import org.junit.jupiter.api.Test;

import java.util.List;

class ViewTest {
    private final long t0 = 1_784_592_000_000L;

    @Test
    void keepsTheLatestVersionAndDropsStaleOnes() {
        IncidentView view = new IncidentView();
        Incident v1 = Fixtures.waterlogging("WL-310101-0007", Severity.HIGH, t0, "积水");
        Incident v2 = Fixtures.next(v1, IncidentStatus.ACKNOWLEDGED);
        view.apply(v2);
        view.apply(v1);
        assertThat(view.get(v1.id()))
                .get()
                .extracting(Incident::status)
                .isEqualTo(IncidentStatus.ACKNOWLEDGED);
        assertThat(view.staleDropped).hasValue(1);
        view.apply(v2);
        assertThat(view.staleDropped).hasValue(2);
    }

    @Test
    void timelineShowsStatusChangesBreachesAndActions() {
        IncidentView view = new IncidentView();
        Incident v1 = Fixtures.waterlogging("WL-310101-0007", Severity.HIGH, t0, "积水");
        view.apply(v1);
        Incident v2 = Fixtures.next(v1, IncidentStatus.OPEN);
        v2 =
                Fixtures.with(
                        v2,
                        "310101",
                        v2.departments(),
                        IncidentStatus.OPEN,
                        Severity.CRITICAL,
                        List.of(new Breach("ACK", t0 + 15 * MIN)));
        v2 =
                new Incident(
                        v1.id(),
                        v2.rule(),
                        v2.category(),
                        v2.subject(),
                        v2.severity(),
                        v2.status(),
                        v2.district(),
                        v2.street(),
                        v2.cell(),
                        v2.lat(),
                        v2.lon(),
                        v2.departments(),
                        v2.openedAt(),
                        t0 + 15 * MIN,
                        v2.ackBy(),
                        v2.resolveBy(),
                        v2.occurrences(),
                        v2.title(),
                        v2.evidence(),
                        v2.breaches(),
                        null,
                        2);
        view.apply(v2);
        view.applyAction(
                new io.cityops.events.DispatchAction(
                        v1.id(), t0 + 16 * MIN, ActionType.ACK, "dispatcher-07", null, "on it"));
        view.apply(Fixtures.next(v2, IncidentStatus.ACKNOWLEDGED, t0 + 16 * MIN));
        assertThat(view.timeline(v1.id()))
                .extracting(TimelineEntry::kind, TimelineEntry::text)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("opened", "opened HIGH"),
                        org.assertj.core.groups.Tuple.tuple("severity", "severity HIGH → CRITICAL"),
                        org.assertj.core.groups.Tuple.tuple("breach", "ACK deadline missed"),
                        org.assertj.core.groups.Tuple.tuple("status", "OPEN → ACKNOWLEDGED"),
                        org.assertj.core.groups.Tuple.tuple(
                                "action", "ACK sent by dispatcher-07: on it"));
    }

    @Test
    void offersOnlyTheActionsTheLifecycleAllowsAndViewersNone() {
        assertThat(Lifecycle.offered(Role.DISPATCHER, IncidentStatus.OPEN))
                .containsExactly(
                        ActionType.ACK, ActionType.ASSIGN, ActionType.ARRIVE, ActionType.RESOLVE);
        assertThat(Lifecycle.offered(Role.DISPATCHER, IncidentStatus.ASSIGNED))
                .containsExactly(ActionType.ARRIVE, ActionType.RESOLVE);
        assertThat(Lifecycle.offered(Role.DISPATCHER, IncidentStatus.RESOLVED))
                .containsExactly(ActionType.CLOSE, ActionType.REOPEN);
        assertThat(Lifecycle.offered(Role.SUPERVISOR, IncidentStatus.CLOSED))
                .containsExactly(ActionType.REOPEN);
        assertThat(Lifecycle.offered(Role.DISPATCHER, IncidentStatus.SUPPRESSED)).isEmpty();
        assertThat(Lifecycle.offered(Role.VIEWER, IncidentStatus.OPEN)).isEmpty();
    }

    @Test
    void escapesMarkupInServerRenderedText() {
        assertThat(Html.escape("<script>alert('x')</script> & \"q\""))
                .isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;");
    }

    @Test
    void readsEscalationsAndIgnoresWhatIsNotOne() {
        assertThat(
                        Escalation.parse(
                                "{\"incident\":\"A:b:1\",\"district\":\"310101\",\"kind\":\"ACK\",\"at\":5,"
                                        + "\"severity\":\"CRITICAL\",\"target\":\"supervisor-310101\",\"x\":[1]}"))
                .contains(
                        new Escalation(
                                "A:b:1", "310101", "ACK", 5, "CRITICAL", "supervisor-310101"));
        assertThat(Escalation.parse("{\"incident\":\"A\"}")).isEmpty();
        assertThat(Escalation.parse("not json")).isEmpty();
    }
}
