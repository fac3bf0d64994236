package io.cityops.job.enrich;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Counting the facilities heard from must not depend on the order their readings arrive in. */
class FirstHeardTest {

    /** How many of {@code buckets}, in this order, count as a first reading. */
    private static int firsts(List<Long> buckets) {
        long[] h = null;
        int n = 0;
        for (long b : buckets) {
            long[] next = Enricher.firstHeard(h, b);
            if (next != h) {
                n++;
                h = next;
            }
        }
        return n;
    }

    @Test
    void countsEachBucketOnceWhateverTheOrder() {
        List<Long> buckets = new ArrayList<>();
        for (long b = 1000; b < 1040; b++) {
            for (int i = 0; i < 6; i++) {
                buckets.add(b);
            }
        }
        Random random = new Random(7);
        for (int round = 0; round < 50; round++) {
            Collections.shuffle(buckets, random);
            assertThat(firsts(buckets)).isEqualTo(40);
        }
    }

    @Test
    void aReadingMoreThanSixtyFourBucketsBehindIsNotCounted() {
        assertThat(firsts(List.of(1000L, 1064L, 1000L))).isEqualTo(2);
        assertThat(firsts(List.of(1000L, 1065L, 1000L))).isEqualTo(2);
        assertThat(firsts(List.of(1065L, 1000L))).isEqualTo(1);
        assertThat(firsts(List.of(1064L, 1000L))).isEqualTo(2);
    }
}
