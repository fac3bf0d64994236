package io.cityops.bench.cep;

import io.cityops.events.DeadLetter;
import io.cityops.events.Grid;
import io.cityops.job.CityEvent;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** As the monitor: rejections to the side, street orders get their H3 cell. */
final class DecodedInput extends ProcessFunction<CityEvent, CityEvent> {
    private static final long serialVersionUID = 1L;
    static final OutputTag<DeadLetter> REJECTED =
            new OutputTag<>("cep-decode-rejected", TypeInformation.of(DeadLetter.class)) {};

    @Override
    public void processElement(CityEvent e, Context ctx, Collector<CityEvent> out) {
        if (e.kind == CityEvent.REJECTED) {
            ctx.output(REJECTED, e.rejected);
            return;
        }
        if (e.kind == CityEvent.ORDER) {
            e.cell = Grid.cell(e.order.lat(), e.order.lon());
        }
        out.collect(e);
    }
}
