package io.cityops.bench;

import io.cityops.job.CityOpsJob;
import io.cityops.job.JobConfig;
import io.cityops.job.sink.KafkaOutputs;
import io.cityops.job.source.KafkaInputs;

/**
 * Row 2: the monitor as it ships (CityOpsJob, every default rule), its incidents, dead letters,
 * escalations and city clock to Kafka, over the loaded city read as a bounded input.
 */
final class MonitorRow {
    static final String OUT_PREFIX = "monitor.";

    private MonitorRow() {}

    static Row run(Setup s) throws Exception {
        JobConfig config = s.config("monitor", true);
        CityOpsJob job =
                new CityOpsJob(
                        config,
                        new CountingInputs(new KafkaInputs(s.prefix(), true)),
                        new KafkaOutputs(s.bootstrap(), OUT_PREFIX));
        return LocalFlink.measure(
                "monitor",
                s.options().parallelism(),
                s.loaded().total(),
                job::build,
                "CityOpsJob, every default rule, incidents to Kafka",
                s.progress());
    }
}
