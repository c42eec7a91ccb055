package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A JMH result file ({@code -rf json -rff <file>}): one score per benchmark method and parameter set. */
record JmhResults(List<Score> scores) {

    /** One benchmark method's score, e.g. {@code fieldFilterTopLevelMap}, {@code {}} → 123.4 ± 5.6 ns/op (error NaN: none). */
    record Score(String method, Map<String, String> params, double score, double error, String unit, String jdk) {
    }

    static JmhResults read(Path file) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (JsonNode entry : new ObjectMapper().readTree(file.toFile())) {
            String benchmark = entry.path("benchmark").asText();
            Map<String, String> params = new TreeMap<>();
            entry.path("params").properties().forEach(param -> params.put(param.getKey(), param.getValue().asText()));
            JsonNode metric = entry.path("primaryMetric");
            // one measured iteration gives no error: JMH writes "NaN"
            scores.add(new Score(benchmark.substring(benchmark.lastIndexOf('.') + 1), params, metric.path("score").asDouble(),
                metric.path("scoreError").asDouble(Double.NaN), metric.path("scoreUnit").asText(), entry.path("jdkVersion").asText()));
        }
        return new JmhResults(scores);
    }

    /** The score of {@code method} whose parameters include {@code params}, or null. */
    Score find(String method, Map<String, String> params) {
        return scores.stream().filter(s -> s.method().equals(method) && s.params().entrySet().containsAll(params.entrySet()))
            .findFirst().orElse(null);
    }

    Double value(String method, Map<String, String> params) {
        Score score = find(method, params);
        return score == null ? null : score.score();
    }
}
