package io.cityops.bench.cep;

import io.cityops.events.Codec;
import io.cityops.events.DeadLetter;
import io.cityops.events.DispatchAction;
import io.cityops.events.Stream;
import io.cityops.job.CityEvent;
import io.cityops.job.JobConfig;
import io.cityops.job.enrich.Enricher;
import io.cityops.job.enrich.EnricherOperator;
import io.cityops.job.incident.Ids;
import io.cityops.job.incident.IncidentTracker;
import io.cityops.job.incident.Routing;
import io.cityops.job.incident.ServiceLevels;
import io.cityops.job.rules.Signal;
import io.cityops.job.sink.KeyedJson;
import io.cityops.job.sink.Outputs;
import io.cityops.job.source.Inputs;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The peer of the monitor for {@code cityops bench}: the same shape (the monitor's Kafka sources
 * and decoding, enrichment from the registry keyed by facility, rules, the monitor's incident
 * tracker, incidents to Kafka), with three rules written as Flink CEP patterns ({@link CepRules})
 * instead of Esper.
 *
 * <p>Each facility's stream stays on the subtask that enriched it (reinterpreted as keyed, no
 * shuffle) through its state and its patterns; street orders are keyed by category and cell.
 */
public final class CepPeerJob {
    private final JobConfig config;
    private final Inputs inputs;
    private final Outputs outputs;
    private final CepRules rules;

    public CepPeerJob(
            JobConfig config, Inputs inputs, Outputs outputs, Map<String, Double> thresholds) {
        this.config = config;
        this.inputs = inputs;
        this.outputs = outputs;
        this.rules = new CepRules(thresholds);
    }

    public void build(StreamExecutionEnvironment env) {
        env.setParallelism(config.parallelism());
        List<DataStream<DeadLetter>> rejected = new ArrayList<>();
        DataStream<CityEvent> registry = decoded(env, Stream.REGISTRY, rejected);
        DataStream<CityEvent> sensors = decoded(env, Stream.SENSORS, rejected);
        DataStream<CityEvent> weather = decoded(env, Stream.WEATHER, rejected);
        DataStream<CityEvent> orders = decoded(env, Stream.STREET_ORDERS, rejected);
        // Read and decoded as the monitor does; none of the three rules acts on an action.
        decoded(env, Stream.DISPATCH_ACTIONS, rejected);

        DataStream<CityEvent> observations =
                weather.filter(e -> e.kind == CityEvent.OBSERVATION)
                        .name("observations")
                        .uid("observations");
        SingleOutputStreamOperator<CityEvent> enriched =
                registry.keyBy(e -> e.key)
                        .connect(sensors.union(observations).keyBy(e -> e.key))
                        .transform(
                                "enrich",
                                TypeInformation.of(CityEvent.class),
                                new EnricherOperator(false))
                        .uid("enrich");
        rejected.add(enriched.getSideOutput(Enricher.REJECTED));

        SingleOutputStreamOperator<CepReading> readings =
                DataStreamUtils.reinterpretAsKeyedStream(enriched, e -> e.key, Types.STRING)
                        .process(new ReadingState(), TypeInformation.of(CepReading.class))
                        .name("facility-state")
                        .uid("facility-state");
        List<DataStream<Signal>> signals = new ArrayList<>();
        signals.addAll(rules.waterlogging(byFacility(readings, false)));
        signals.addAll(rules.manholeCover(byFacility(readings, true)));
        signals.addAll(
                rules.hotspot(
                        orders.map(CepPeerJob::order, TypeInformation.of(CepOrder.class))
                                .name("orders")
                                .uid("orders")
                                .keyBy(CepOrder::subject)));

        DataStream<Signal> all = signals.get(0);
        for (DataStream<Signal> s : signals.subList(1, signals.size())) {
            all = all.union(s);
        }
        DataStream<DispatchAction> noActions =
                env.fromSequence(0, 0)
                        .flatMap(
                                (Long x, Collector<DispatchAction> out) -> {},
                                TypeInformation.of(DispatchAction.class))
                        .name("no-actions")
                        .uid("no-actions");
        SingleOutputStreamOperator<KeyedJson> incidents =
                all.keyBy(s -> Ids.trackerKey(s.rule(), s.subject()))
                        .connect(noActions.keyBy(a -> Ids.trackerKey(a.incident())))
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
        DataStream<DeadLetter> allRejected = rejected.get(0);
        for (DataStream<DeadLetter> r : rejected.subList(1, rejected.size())) {
            allRejected = allRejected.union(r);
        }
        DataStream<KeyedJson> deadLetters =
                allRejected
                        .map(
                                d ->
                                        new KeyedJson(
                                                null,
                                                Codec.encode(d),
                                                0,
                                                d.ts() == null ? Long.MIN_VALUE : d.ts()),
                                TypeInformation.of(KeyedJson.class))
                        .name("dead-letter")
                        .uid("dead-letter");
        outputs.attach(
                new Outputs.Streams(
                        incidents,
                        deadLetters,
                        incidents.getSideOutput(IncidentTracker.ESCALATIONS)));
    }

    private DataStream<CityEvent> decoded(
            StreamExecutionEnvironment env, Stream stream, List<DataStream<DeadLetter>> rejected) {
        SingleOutputStreamOperator<CityEvent> ok =
                inputs.open(env, stream, config)
                        .process(new DecodedInput(), TypeInformation.of(CityEvent.class))
                        .name("decoded-" + stream.label())
                        .uid("decoded-" + stream.label());
        rejected.add(ok.getSideOutput(DecodedInput.REJECTED));
        return ok;
    }

    /** Water-level sensors or manholes, still keyed by facility (their sensor id). */
    private static KeyedStream<CepReading, String> byFacility(
            DataStream<CepReading> readings, boolean manholes) {
        String name = manholes ? "manholes" : "water-levels";
        return DataStreamUtils.reinterpretAsKeyedStream(
                readings.filter(r -> r.manhole == manholes).name(name).uid(name),
                r -> r.sensor,
                Types.STRING);
    }

    private static CepOrder order(CityEvent e) {
        CepOrder o = new CepOrder();
        o.id = e.order.id();
        o.category = e.order.category().name();
        o.ts = e.ts;
        o.district = e.order.district();
        o.street = e.order.street();
        o.cell = e.cell;
        o.lat = e.order.lat();
        o.lon = e.order.lon();
        return o;
    }
}
