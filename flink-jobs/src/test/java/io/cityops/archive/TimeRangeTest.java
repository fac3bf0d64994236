package io.cityops.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

class TimeRangeTest {
    static final long SIX_AM_UTC = 1_784_613_600_000L; // 2026-07-21T06:00Z, 14:00 in Shanghai

    @Test
    void readsEpochMillisOffsetsAndTheCitysLocalTime() {
        assertThat(TimeRange.parseTime("--from", "1784613600000")).isEqualTo(SIX_AM_UTC);
        assertThat(TimeRange.parseTime("--from", "2026-07-21T06:00Z")).isEqualTo(SIX_AM_UTC);
        assertThat(TimeRange.parseTime("--from", "2026-07-21T14:00+08:00")).isEqualTo(SIX_AM_UTC);
        assertThat(TimeRange.parseTime("--from", "2026-07-21T14:00")).isEqualTo(SIX_AM_UTC);
        assertThat(TimeRange.parseTime("--from", "2026-07-21"))
                .isEqualTo(SIX_AM_UTC - 14 * ArchiveLayout.HOUR_MS);
    }

    @Test
    void refusesWhatIsNotATimeAndAnEndBeforeItsStart() {
        assertThatThrownBy(() -> TimeRange.parse("yesterday", null))
                .hasMessageContaining("--from")
                .hasMessageContaining("'yesterday'");
        assertThatThrownBy(() -> TimeRange.parse("2026-07-22", "2026-07-21"))
                .hasMessageContaining("after --until");
    }

    @Test
    void namesSegmentsByTheirUtcHour() {
        assertThat(ArchiveLayout.segmentName(SIX_AM_UTC)).isEqualTo("2026-07-21T06.ndjson.gz");
        assertThat(ArchiveLayout.hourOf(Path.of("x/2026-07-21T06.ndjson.gz")))
                .isEqualTo(SIX_AM_UTC);
        assertThat(ArchiveLayout.hourOf(Path.of("x/registry.ndjson"))).isNull();
        assertThat(ArchiveLayout.hourStart(SIX_AM_UTC + 3_599_999)).isEqualTo(SIX_AM_UTC);
    }
}
