package io.cityops.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

import java.util.List;

class JsonTest {

    @Test
    void escapesEverythingAJsonParserNeedsAndKeepsChineseAsIs() {
        String nasty = "引号\"反斜杠\\换行\n回车\r制表\t\u0001\u001f\u2028end";
        String line = Json.object().str("text", nasty).done();

        assertThat(line).doesNotContain("\n").contains("引号");
        assertThat(Lines.parse(line).get("text").asText()).isEqualTo(nasty);
    }

    @Test
    void writesDoublesWithToStringAndIntegersAsIntegers() {
        String line =
                Json.object()
                        .num("ts", 1784592000000L)
                        .num("v", 17.5)
                        .num("z", 0.0)
                        .num("n", (Double) null)
                        .num("u", (Long) null)
                        .strings("d", List.of("310101"))
                        .done();

        assertThat(line)
                .isEqualTo(
                        "{\"ts\":1784592000000,\"v\":17.5,\"z\":0.0,\"n\":null,\"u\":null,\"d\":[\"310101\"]}");
        JsonNode n = Lines.parse(line);
        assertThat(n.get("ts").isIntegralNumber()).isTrue();
        assertThat(n.get("v").asDouble()).isEqualTo(17.5);
    }

    @Test
    void refusesNumbersJsonCannotHold() {
        assertThatThrownBy(() -> Json.object().num("v", Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
