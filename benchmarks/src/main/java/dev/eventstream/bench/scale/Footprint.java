package dev.eventstream.bench.scale;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What this JVM (broker, workers, receiver together: they cannot be told apart in one process) holds: live threads,
 * heap used after a full GC, and resident memory.
 */
record Footprint(int threads, long heapMb, long rssMb) {

    static Footprint measure() {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
        return new Footprint(ManagementFactory.getThreadMXBean().getThreadCount(), heap, statusKb("VmRSS:") >> 10);
    }

    Footprint minus(Footprint other) {
        return new Footprint(threads - other.threads, heapMb - other.heapMb, rssMb - other.rssMb);
    }

    /** This difference per unit (e.g. per connector), as text. */
    String per(int units) {
        return String.format("%.1f threads, %.2f MB heap, %.2f MB RSS", (double) threads / units, (double) heapMb / units, (double) rssMb / units);
    }

    /** Live threads by their name with digits and connector names removed, largest groups first. */
    static Map<String, Long> threadsByKind() {
        Map<String, Long> kinds = new TreeMap<>();
        Thread.getAllStackTraces().keySet().forEach(thread -> kinds.merge(
            thread.getName().replaceAll("es-t\\d+-crm", "<connector>").replaceAll("\\d+", "N"), 1L, Long::sum));
        Map<String, Long> largest = new LinkedHashMap<>();
        kinds.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
            .forEach(e -> largest.put(e.getKey(), e.getValue()));
        return largest;
    }

    static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static long machineMemoryMb() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(line -> line.startsWith("MemTotal:")).mapToLong(Footprint::kilobytes).findFirst().orElse(0) >> 10;
        } catch (IOException e) {
            return 0;
        }
    }

    private static long statusKb(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/status"))) {
            return lines.filter(line -> line.startsWith(field)).mapToLong(Footprint::kilobytes).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private static long kilobytes(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", ""));
    }

    @Override
    public String toString() {
        return String.format("%d live threads, %d MB heap used after GC, %d MB RSS", threads, heapMb, rssMb);
    }
}
