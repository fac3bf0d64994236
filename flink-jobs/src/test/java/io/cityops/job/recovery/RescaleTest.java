package io.cityops.job.recovery;

import static io.cityops.job.recovery.FailoverCity.at;

import io.cityops.job.testing.CommittedOutputs;
import io.cityops.job.testing.SharedCluster;
import io.cityops.kafka.LocalKafka;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

/**
 * Scaling out and back in: the job stops with a savepoint at parallelism 2 with patterns in flight
 * (offline timers half run, a hotspot window half full), starts from it at 4, stops again with the
 * flood rising, and finishes at 2. The city's data arrives in three parts, one per run; the
 * incidents must be those of the run that never stopped.
 */
class RescaleTest {
    @TempDir Path savepoints;

    @Test
    void aSavepointTakenAtTwoAndRestoredAtFourAndBackGivesTheSameIncidents() throws Exception {
        LocalKafka kafka = SharedCluster.kafka();
        String name = "failover-rescale";
        String prefix = name + "-";
        FailoverCity.createTopics(kafka, prefix);
        String target = savepoints.toUri().toString();

        FailoverCity.publish(kafka.bootstrap(), prefix, Long.MIN_VALUE, at(38), true);
        JobClient atTwo = LiveRun.start(kafka, name, 2, List.of(), null);
        LiveRun.awaitCaughtUp(kafka, name);
        String first = atTwo.stopWithSavepoint(false, target, SavepointFormatType.CANONICAL).get();

        FailoverCity.publish(kafka.bootstrap(), prefix, at(38), at(62), false);
        JobClient atFour = LiveRun.start(kafka, name, 4, List.of(), first);
        LiveRun.awaitCaughtUp(kafka, name);
        String second =
                atFour.stopWithSavepoint(false, target, SavepointFormatType.CANONICAL).get();

        FailoverCity.publish(kafka.bootstrap(), prefix, at(62), Long.MAX_VALUE, false);
        JobClient backToTwo = LiveRun.start(kafka, name, 2, List.of(), second);
        CommittedOutputs run;
        try {
            run = LiveRun.readToTheEnd(kafka, name);
        } finally {
            backToTwo.cancel().get();
        }
        FailureInjectionTest.assertSameAsReference(run);
    }
}
