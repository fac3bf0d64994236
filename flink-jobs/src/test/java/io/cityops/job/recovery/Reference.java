package io.cityops.job.recovery;

import io.cityops.job.testing.CommittedOutputs;
import io.cityops.job.testing.SharedCluster;

import java.util.List;

/** The failover city run once, without a failure: what every restarted run must equal. */
final class Reference {
    private static CommittedOutputs outputs;

    private Reference() {}

    static synchronized CommittedOutputs outputs() throws Exception {
        if (outputs == null) {
            outputs = LiveRun.runThrough(SharedCluster.kafka(), "failover-reference", 2, List.of());
        }
        return outputs;
    }
}
