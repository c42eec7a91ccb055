package dev.eventstream.bench.http;

import java.util.List;

/** One timed run of a candidate: events it delivered (or read), wall seconds, and process CPU nanoseconds. */
record SinkRun(long events, double seconds, long cpuNanos) {

    double rate() {
        return events / seconds;
    }

    double cpuMicrosPerEvent() {
        return cpuNanos / 1e3 / events;
    }

    static double medianRate(List<SinkRun> runs) {
        return median(runs.stream().mapToDouble(SinkRun::rate).toArray());
    }

    static double medianCpuMicrosPerEvent(List<SinkRun> runs) {
        return median(runs.stream().mapToDouble(SinkRun::cpuMicrosPerEvent).toArray());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
