package io.cityops.bench;

/**
 * One measured row: sustained events per second, process CPU seconds per million events (both over
 * the same window), and the heap's peak while the row ran.
 *
 * @param events events the row handled in all
 * @param wallSeconds the row's whole run, job start-up included
 * @param perSecond events per second over the measured window
 * @param cpuPerMillion process CPU seconds per million events over the measured window
 * @param peakHeap sum of the heap pools' peak usage (an upper bound of the peak of their sum)
 * @param peakOld the old generation's peak usage: what the row kept alive
 */
record Row(
        String name,
        long events,
        double wallSeconds,
        double perSecond,
        double cpuPerMillion,
        long peakHeap,
        long peakOld,
        String note) {}
