package io.cityops.job.recovery;

import static io.cityops.job.recovery.FailoverCity.at;

import static org.assertj.core.api.Assertions.assertThat;

import io.cityops.job.testing.CommittedOutputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.job.testing.TruthCheck;

import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The job fails on purpose, again and again, and restarts from its latest checkpoint: before any
 * pattern, with a manhole open for 1 of its 2 minutes, with offline timers half run and a hotspot's
 * window half full, with a street-town's outage window filling, after everything; while taking a
 * checkpoint and right after one completes. What it committed to Kafka must be what a run that
 * never failed committed: the same incident versions in the same order, the same dead letters and
 * escalations, none missing, none twice.
 */
class FailureInjectionTest {

    @Test
    void theReferenceRunMeetsTheScenariosTruth() throws Exception {
        CommittedOutputs ref = Reference.outputs();
        TruthCheck check =
                TruthCheck.of("failover", FailoverCity.RUN.truth(), ref.latest().values());
        assertThat(check.missed()).as("missed").isEmpty();
        assertThat(check.duplicated()).as("opened twice").isEmpty();
        assertThat(check.extra()).as("opened without being expected").isEmpty();
    }

    @Test
    void failingBeforeInsideAndAfterThePatternsChangesNothing() throws Exception {
        List<Faults.Fault> plan =
                List.of(
                        new Faults.AtEventTime(at(10)), // before any pattern
                        new Faults.AtEventTime(at(21)), // manhole open for 1 of its 2 min
                        new Faults.AtEventTime(at(40)), // offline timers half run, hotspot filling
                        new Faults.AtEventTime(at(47)), // outage window half full, entrapment
                        new Faults.AtEventTime(at(105))); // after everything
        CommittedOutputs run =
                LiveRun.runThrough(SharedCluster.kafka(), "failover-events", 2, plan);
        assertThat(Faults.allFired("failover-events", plan.size())).isTrue();
        assertSameAsReference(run);
    }

    @Test
    void failingWhileCheckpointingOrRightAfterACheckpointChangesNothing() throws Exception {
        List<Faults.Fault> plan =
                // Early checkpoints of each attempt: a job restored after it has read all its input
                // gets no watermark from the sources again (watermarks are not checkpointed), as a
                // live city, whose data never ends, would give it.
                List.of(
                        new Faults.InCheckpoint(3),
                        new Faults.AfterCheckpoint(2),
                        new Faults.InCheckpoint(3),
                        new Faults.AfterCheckpoint(3));
        CommittedOutputs run =
                LiveRun.runThrough(SharedCluster.kafka(), "failover-checkpoints", 2, plan);
        assertThat(Faults.allFired("failover-checkpoints", plan.size())).isTrue();
        assertSameAsReference(run);
    }

    static void assertSameAsReference(CommittedOutputs run) throws Exception {
        CommittedOutputs ref = Reference.outputs();
        assertThat(run.versions().keySet())
                .as("incident ids")
                .containsExactlyElementsOf(ref.versions().keySet());
        for (String id : ref.versions().keySet()) {
            assertThat(run.versions().get(id))
                    .as("every version of %s, once, in order", id)
                    .containsExactlyElementsOf(ref.versions().get(id));
        }
        assertThat(run.sortedDeadLetters())
                .as("dead letters")
                .containsExactlyElementsOf(ref.sortedDeadLetters());
        assertThat(run.sortedEscalations())
                .as("escalations")
                .containsExactlyElementsOf(ref.sortedEscalations());
    }
}
