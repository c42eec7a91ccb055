package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable result of one benchmark run, written next to its stdout table as
 * {@code <bench.results.dir>/<name>.json}: the benchmark, its settings, the machine, and one row per measured
 * case (column → value). Nothing is written when {@code -Dbench.results.dir} is unset; {@code benchmarks/run} sets
 * it to {@code benchmarks/target/results}. {@code -Dbench.results.name} names the file (a sweep runs a benchmark
 * several times), by default the benchmark's own name.
 */
public final class BenchResult {

    private final String benchmark;
    private final Map<String, Object> settings = new LinkedHashMap<>();
    private final List<Map<String, Object>> rows = new ArrayList<>();

    public BenchResult(String benchmark) {
        this.benchmark = benchmark;
    }

    public BenchResult setting(String key, Object value) {
        settings.put(key, value);
        return this;
    }

    /** Adds a row: alternating column names and values. */
    public BenchResult row(Object... columnsAndValues) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i + 1 < columnsAndValues.length; i += 2) {
            row.put(columnsAndValues[i].toString(), columnsAndValues[i + 1]);
        }
        rows.add(row);
        return this;
    }

    /** Writes the file when {@code -Dbench.results.dir} is set; returns it, or null. */
    public Path write() {
        String directory = System.getProperty("bench.results.dir", "");
        if (directory.isBlank()) {
            return null;
        }
        String name = System.getProperty("bench.results.name", benchmark);
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("name", name);
        document.put("benchmark", benchmark);
        document.put("machine", Machine.current());
        document.put("settings", settings);
        document.put("rows", rows);
        try {
            Path file = Files.createDirectories(Path.of(directory)).resolve(name + ".json");
            new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), document);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
