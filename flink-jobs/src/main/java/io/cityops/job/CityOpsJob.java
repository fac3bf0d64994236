package io.cityops.job;

import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.DispatchAction;
import io.cityops.events.District;
import io.cityops.events.Districts;
import io.cityops.events.Grid;
import io.cityops.events.Stream;
import io.cityops.job.enrich.Enricher;
import io.cityops.job.enrich.EnricherOperator;
import io.cityops.job.incident.Ids;
import io.cityops.job.incident.IncidentTracker;
import io.cityops.job.incident.Routing;
import io.cityops.job.incident.ServiceLevels;
import io.cityops.job.metrics.MetricsStage;
import io.cityops.job.rules.RuleLoadException;
import io.cityops.job.rules.RuleSet;
import io.cityops.job.rules.RuleSetRecord;
import io.cityops.job.rules.RulesOperator;
import io.cityops.job.rules.Signal;
import io.cityops.job.sink.KeyedJson;
import io.cityops.job.sink.Outputs;
import io.cityops.job.source.Inputs;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.util.ArrayList;
import java.util.List;

/**
 * The monitor, one job wired four ways (demo, replay, tests, cluster): sources and sinks come in
 * through the constructor, {@link #build} lays out the pipeline, {@link #execute} runs it.
 *
 * <pre>
 * sources (decode, lateness per lane) ─┬─ registry ──────────────┐
 *                                      ├─ sensors, observations ─┴─ enrich (by facility) ─┐
 *                                      ├─ warnings (to each district) ────────────────────┤
 *                                      └─ street orders ──────────────────────────────────┴─ rules (by district)
 *                                                                      ─ incidents (by rule+subject) ─ sink
 * everything rejected on the way ─ dead letter sink
 * </pre>
 */
public final class CityOpsJob {
    static final OutputTag<DeadLetter> DECODE_REJECTED =
            new OutputTag<>("decode-rejected", TypeInformation.of(DeadLetter.class)) {};

    private final JobConfig config;
    private final Inputs inputs;
    private final Outputs outputs;
    private final RuleSet rules;

    public CityOpsJob(JobConfig config, Inputs inputs, Outputs outputs) throws RuleLoadException {
        config.validate();
        this.config = config;
        this.inputs = inputs;
        this.outputs = outputs;
        RuleSet base =
                config.rulesDir() == null ? RuleSet.defaults() : RuleSet.load(config.rulesDir());
        this.rules =
                config.thresholds().isEmpty() ? base : base.withThresholds(config.thresholds());
    }

    public JobExecutionResult execute(StreamExecutionEnvironment env, String name)
            throws Exception {
        build(env);
        return env.execute(name);
    }

    /** Lays the pipeline out on {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        env.setParallelism(config.parallelism());
        // Compressed snapshots of the heap state: the rules stage's rebuild log (architecture.md,
        // "Restarts") shrinks to a sixth, and a restore from a local file reads it in blocks
        // rather than a system call per field: 500,000 logged events came back in 2 s, not 58 s.
        env.getConfig().setUseSnapshotCompression(true);
        List<DataStream<DeadLetter>> rejected = new ArrayList<>();

        DataStream<CityEvent> registry = accepted(env, Stream.REGISTRY, rejected);
        DataStream<CityEvent> sensors = accepted(env, Stream.SENSORS, rejected);
        DataStream<CityEvent> weather = accepted(env, Stream.WEATHER, rejected);
        DataStream<CityEvent> orders = accepted(env, Stream.STREET_ORDERS, rejected);
        DataStream<CityEvent> actions = accepted(env, Stream.DISPATCH_ACTIONS, rejected);

        List<DataStream<CityEvent>> toRules = new ArrayList<>();
        DataStream<CityEvent> heard = null;
        DataStream<CityEvent> facilityEvents =
                union(
                        sensors,
                        weather == null
                                ? null
                                : weather.filter(e -> e.kind == CityEvent.OBSERVATION)
                                        .name("observations")
                                        .uid("observations"));
        if (facilityEvents != null) {
            if (registry == null) {
                registry = empty(env, TypeInformation.of(CityEvent.class));
            }
            SingleOutputStreamOperator<CityEvent> enriched =
                    registry.keyBy(e -> e.key)
                            .connect(facilityEvents.keyBy(e -> e.key))
                            .transform(
                                    "enrich",
                                    TypeInformation.of(CityEvent.class),
                                    new EnricherOperator(metricsOn()))
                            .uid("enrich");
            rejected.add(enriched.getSideOutput(Enricher.REJECTED));
            heard = enriched.getSideOutput(Enricher.HEARD);
            toRules.add(enriched);
        }
        if (weather != null) {
            toRules.add(
                    weather.filter(e -> e.kind == CityEvent.WARNING)
                            .name("warnings")
                            .uid("warnings")
                            .flatMap(
                                    CityOpsJob::toEachDistrict, TypeInformation.of(CityEvent.class))
                            .name("warnings-to-districts")
                            .uid("warnings-to-districts"));
        }
        if (orders != null) {
            toRules.add(orders);
        }

        DataStream<Signal> signals;
        DataStream<KeyedJson> ruleStatus = null;
        if (toRules.isEmpty()) {
            signals = empty(env, TypeInformation.of(Signal.class));
        } else {
            var byDistrict = unionAll(toRules).keyBy(e -> e.district);
            RulesOperator operator = new RulesOperator(rules, config.timeLimit());
            DataStream<RuleSetRecord> deployed = inputs.rules(env, config);
            // Deployed rule sets go to every instance: each runs its own Esper runtime.
            SingleOutputStreamOperator<Signal> matched =
                    deployed == null
                            ? byDistrict.transform(
                                    "rules", TypeInformation.of(Signal.class), operator)
                            : byDistrict
                                    .connect(deployed.broadcast())
                                    .transform("rules", TypeInformation.of(Signal.class), operator);
            matched.uid("rules");
            rejected.add(matched.getSideOutput(RulesOperator.LATE));
            if (deployed != null) {
                ruleStatus = matched.getSideOutput(RulesOperator.RULE_STATUS);
            }
            signals = matched;
        }
        SingleOutputStreamOperator<DispatchAction> routable =
                (actions == null ? empty(env, TypeInformation.of(CityEvent.class)) : actions)
                        .process(new RoutableActions(), TypeInformation.of(DispatchAction.class))
                        .name("routable-actions")
                        .uid("routable-actions");
        rejected.add(routable.getSideOutput(RoutableActions.NOT_OURS));
        SingleOutputStreamOperator<KeyedJson> incidents =
                signals.keyBy(s -> Ids.trackerKey(s.rule(), s.subject()))
                        .connect(routable.keyBy(a -> Ids.trackerKey(a.incident())))
                        .process(
                                new IncidentTracker(
                                        ServiceLevels.defaults(),
                                        Routing.defaults(),
                                        config.timeLimit(),
                                        config.closedRetention().toMillis()),
                                TypeInformation.of(KeyedJson.class))
                        .name("incidents")
                        .uid("incidents");
        rejected.add(incidents.getSideOutput(IncidentTracker.REJECTED));
        DataStream<DeadLetter> allRejected = unionAll(rejected);
        if (metricsOn()) {
            List<DataStream<CityEvent>> measured = new ArrayList<>(toRules);
            measured.add(actions);
            DataStream<CityEvent> events = unionAll(measured);
            MetricsStage.attach(
                    config.influx(),
                    config.influxDb(),
                    events == null ? empty(env, TypeInformation.of(CityEvent.class)) : events,
                    heard,
                    allRejected,
                    incidents);
        }
        DataStream<KeyedJson> deadLetters =
                allRejected.map(new DeadLetterCounter()).name("dead-letter").uid("dead-letter");
        outputs.attach(
                new Outputs.Streams(
                        incidents,
                        deadLetters,
                        incidents.getSideOutput(IncidentTracker.ESCALATIONS),
                        ruleStatus));
    }

    private boolean metricsOn() {
        return config.influx() != null;
    }

    /**
     * Dispatch actions whose incident id is one of ours, so it names the tracker state they go to;
     * any other is rejected as {@code unknown-incident}.
     */
    static final class RoutableActions extends ProcessFunction<CityEvent, DispatchAction> {
        static final OutputTag<DeadLetter> NOT_OURS =
                new OutputTag<>("actions-not-ours", TypeInformation.of(DeadLetter.class)) {};

        @Override
        public void processElement(CityEvent e, Context ctx, Collector<DispatchAction> out) {
            if (Ids.trackerKey(e.action.incident()) == null) {
                ctx.output(
                        NOT_OURS,
                        new DeadLetter(
                                Stream.DISPATCH_ACTIONS.label(),
                                io.cityops.events.Reasons.UNKNOWN_INCIDENT,
                                e.action.incident(),
                                e.raw(),
                                e.ts));
                return;
            }
            out.collect(e.action);
        }
    }

    /** A source's accepted events; its rejections join {@code rejected}. Null if absent. */
    private DataStream<CityEvent> accepted(
            StreamExecutionEnvironment env, Stream stream, List<DataStream<DeadLetter>> rejected) {
        DataStream<CityEvent> raw = inputs.open(env, stream, config);
        if (raw == null) {
            return null;
        }
        SingleOutputStreamOperator<CityEvent> ok =
                raw.process(new SplitRejected(), TypeInformation.of(CityEvent.class))
                        .name("decoded-" + stream.label())
                        .uid("decoded-" + stream.label());
        rejected.add(ok.getSideOutput(DECODE_REJECTED));
        return ok;
    }

    /** A finished input with nothing in it (a replay folder without that file). */
    private static <T> DataStream<T> empty(
            StreamExecutionEnvironment env, TypeInformation<T> type) {
        return env.fromSequence(0, 0)
                .flatMap((Long x, Collector<T> out) -> {}, type)
                .name("empty-" + type.getTypeClass().getSimpleName())
                .uid("empty-" + type.getTypeClass().getSimpleName());
    }

    private static <T> DataStream<T> union(DataStream<T> a, DataStream<T> b) {
        return unionAll(java.util.Arrays.asList(a, b));
    }

    private static <T> DataStream<T> unionAll(List<DataStream<T>> streams) {
        DataStream<T> all = null;
        for (DataStream<T> s : streams) {
            if (s != null) {
                all = all == null ? s : all.union(s);
            }
        }
        return all;
    }

    /** A warning for its districts, or for all 16 when its list is empty. */
    private static CityEvent arrived(CityEvent copy, CityEvent of) {
        copy.arrivedAt = of.arrivedAt;
        return copy;
    }

    static void toEachDistrict(CityEvent e, Collector<CityEvent> out) {
        List<String> districts = e.warning.districts();
        if (districts == null || districts.isEmpty()) {
            for (District d : Districts.ALL) {
                out.collect(arrived(CityEvent.warning(e.warning, d.code()), e));
            }
        } else {
            for (String d : districts) {
                out.collect(arrived(CityEvent.warning(e.warning, d), e));
            }
        }
    }

    /** Sends rejections to the side output; gives street orders their grid cell. */
    static final class SplitRejected extends ProcessFunction<CityEvent, CityEvent> {
        @Override
        public void processElement(CityEvent e, Context ctx, Collector<CityEvent> out) {
            if (e.kind == CityEvent.REJECTED) {
                ctx.output(DECODE_REJECTED, e.rejected);
                return;
            }
            if (e.kind == CityEvent.ORDER) {
                e.cell = Grid.cell(e.order.lat(), e.order.lon());
            }
            out.collect(e);
        }
    }

    /** Counts dead letters by stream and reason (a metric per pair) and encodes them. */
    static final class DeadLetterCounter
            extends org.apache.flink.api.common.functions.RichMapFunction<DeadLetter, KeyedJson> {
        private transient java.util.Map<String, Counter> counters;

        @Override
        public KeyedJson map(DeadLetter d) {
            if (counters == null) {
                counters = new java.util.HashMap<>();
            }
            counters.computeIfAbsent(
                            d.stream() + "/" + d.reason(),
                            k ->
                                    getRuntimeContext()
                                            .getMetricGroup()
                                            .addGroup("cityops")
                                            .addGroup("stream", d.stream())
                                            .addGroup("reason", d.reason())
                                            .counter("rejected"))
                    .inc();
            return new KeyedJson(
                    null, Codec.encode(d), 0, d.ts() == null ? Long.MIN_VALUE : d.ts());
        }
    }
}
