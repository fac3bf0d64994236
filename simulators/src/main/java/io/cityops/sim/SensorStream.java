package io.cityops.sim;

import io.cityops.events.SensorReading;

import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Merges the timelines of the whole fleet in event-time order (ties by registry position) with a
 * binary heap, so only one pending reading per facility is held in memory.
 */
final class SensorStream implements Iterator<SensorReading> {
    private final Timeline[] timelines;
    private final int[] heap;
    private int size;

    SensorStream(Timeline[] timelines) {
        this.timelines = timelines;
        this.heap = new int[timelines.length];
        for (int i = 0; i < timelines.length; i++) {
            if (timelines[i].head() != null) {
                heap[size++] = i;
            }
        }
        for (int i = size / 2 - 1; i >= 0; i--) {
            down(i);
        }
    }

    @Override
    public boolean hasNext() {
        return size > 0;
    }

    @Override
    public SensorReading next() {
        if (size == 0) {
            throw new NoSuchElementException();
        }
        Timeline t = timelines[heap[0]];
        SensorReading r = t.head();
        t.advance();
        if (t.head() == null) {
            heap[0] = heap[--size];
        }
        if (size > 0) {
            down(0);
        }
        return r;
    }

    private boolean less(int a, int b) {
        long ta = timelines[a].head().ts();
        long tb = timelines[b].head().ts();
        return ta < tb || (ta == tb && a < b);
    }

    private void down(int i) {
        int x = heap[i];
        while (true) {
            int c = 2 * i + 1;
            if (c >= size) {
                break;
            }
            if (c + 1 < size && less(heap[c + 1], heap[c])) {
                c++;
            }
            if (!less(heap[c], x)) {
                break;
            }
            heap[i] = heap[c];
            i = c;
        }
        heap[i] = x;
    }
}
