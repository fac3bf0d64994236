package io.cityops.bench;

import io.cityops.bench.cep.CepPeerJob;
import io.cityops.job.JobConfig;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;

/**
 * Row 3: the peer, three of the rules as Flink CEP patterns in the monitor's job shape, over the
 * same bounded input, incidents to Kafka.
 */
final class CepRow {
    static final String OUT_PREFIX = "cep.";

    private CepRow() {}

    static Row run(Setup s) throws Exception {
        JobConfig config = s.config("cep", true);
        CepPeerJob job =
                new CepPeerJob(
                        config,
                        new CountingInputs(new KafkaInputs(s.prefix(), true)),
                        new KafkaOutputs(s.bootstrap(), OUT_PREFIX),
                        RuleSet.defaults().thresholds());
        return LocalFlink.measure(
                "cep-peer",
                s.options().parallelism(),
                s.loaded().total(),
                job::build,
                "WATERLOGGING, MANHOLE_COVER, STREET_ORDER_HOTSPOT in Flink CEP",
                s.progress());
    }
}
