package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.stream.Stream;

/**
 * The machine and the code a benchmark ran on: cores, CPU model, memory, Java, git commit and time. Every result
 * file carries one, so that every figure of docs/performance.md names where it was measured.
 *
 * <p>The commit comes from {@code -Dbench.commit} ({@code benchmarks/run} passes it), else from {@code git}.
 */
public record Machine(int cores, String cpu, long memoryMb, String java, String commit, String date) {

    /** This JVM's machine, now. */
    public static Machine current() {
        return new Machine(Runtime.getRuntime().availableProcessors(), firstValue("/proc/cpuinfo", "model name"),
            kilobytes(firstValue("/proc/meminfo", "MemTotal")) >> 10, System.getProperty("java.version"), currentCommit(),
            Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    }

    /** One line for a figure's caption: "2 cores (AMD EPYC 7B13), 23 GB, Java 17.0.15, commit 1a2b3c4, 2026-11-30T19:45:00Z". */
    public String line() {
        return String.format("%d cores (%s), %d GB, Java %s, commit %s, %s", cores, cpu, Math.round(memoryMb / 1024.0), java,
            commit, date);
    }

    /** Writes this JVM's machine to {@code <directory>/machine.json}: the run's machine, for results that carry none (JMH's). */
    public static void main(String[] args) throws IOException {
        Path directory = Files.createDirectories(Path.of(args[0]));
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(directory.resolve("machine.json").toFile(), current());
    }

    private static String currentCommit() {
        String configured = System.getProperty("bench.commit", "");
        if (!configured.isBlank()) {
            return configured;
        }
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            try (InputStream out = git.getInputStream()) {
                String text = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
                return git.waitFor() == 0 && !text.isEmpty() ? text : "unknown";
            }
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String firstValue(String file, String key) {
        try (Stream<String> lines = Files.lines(Path.of(file))) {
            return lines.filter(line -> line.startsWith(key)).map(line -> line.substring(line.indexOf(':') + 1).trim())
                .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static long kilobytes(String value) {
        String digits = value.replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Long.parseLong(digits);
    }
}
