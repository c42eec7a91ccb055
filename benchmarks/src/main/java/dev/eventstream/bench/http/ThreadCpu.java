package dev.eventstream.bench.http;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU time of this JVM's threads grouped by name with the digits removed ({@code eventstream-https-sender-#},
 * {@code pool-#-thread-#} for Connect's task threads), so that a run can say which part of the process spent its
 * CPU. Threads that end inside the span are not counted; the process total ({@link BenchRig#processCpuNanos}) is.
 */
final class ThreadCpu {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Map<Long, Long> nanosByThread;
    private final Map<Long, String> groupByThread;
    private final long gcMillis;
    private final long jitMillis;

    private ThreadCpu(Map<Long, Long> nanosByThread, Map<Long, String> groupByThread) {
        this.nanosByThread = nanosByThread;
        this.groupByThread = groupByThread;
        this.gcMillis = ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
        this.jitMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    static ThreadCpu snapshot() {
        Map<Long, Long> nanos = new HashMap<>();
        Map<Long, String> groups = new HashMap<>();
        for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = THREADS.getThreadCpuTime(info.getThreadId());
            if (cpu >= 0) {
                nanos.put(info.getThreadId(), cpu);
                groups.put(info.getThreadId(), info.getThreadName().replaceAll("\\d+", "#"));
            }
        }
        return new ThreadCpu(nanos, groups);
    }

    /**
     * Microseconds of CPU per event spent by each thread group since {@code before}, largest first, then the GC's
     * pauses and the JIT compilers' time (their threads are not Java threads), as one line.
     */
    String perEventSince(ThreadCpu before, long events) {
        Map<String, Long> byGroup = new TreeMap<>();
        nanosByThread.forEach((id, nanos) -> byGroup.merge(groupByThread.get(id), nanos - before.nanosByThread.getOrDefault(id, 0L), Long::sum));
        return byGroup.entrySet().stream().filter(e -> e.getValue() * 1e-3 / events >= 0.05)
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .map(e -> String.format("%s %.2f", e.getKey(), e.getValue() * 1e-3 / events)).collect(Collectors.joining(", "))
            + String.format("; GC pauses %.2f, JIT compiling %.2f (wall µs per event)", (gcMillis - before.gcMillis) * 1e3 / events,
                (jitMillis - before.jitMillis) * 1e3 / events);
    }
}
