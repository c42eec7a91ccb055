package dev.eventstream.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A part of docs/performance.md: it appends its sections to the page, and its headline figures to the "At a glance"
 * list, from the results directory only. This class holds what every part uses: finding results, drawing figures,
 * the notes on JMH errors.
 */
abstract class ReportSection {

    static final ObjectMapper JSON = new ObjectMapper();

    final Path results;
    final StringBuilder page;
    final List<String> glance;
    private final Path figures;
    private final String figureLink;
    private final Machine runMachine;
    private final Properties run;

    ReportSection(ReportPage report) {
        this.results = report.results();
        this.page = report.text();
        this.glance = report.glance();
        this.figures = report.figures();
        this.figureLink = report.figureLink();
        this.runMachine = report.runMachine();
        this.run = report.run();
    }

    /** Appends this part's sections. */
    abstract void render() throws IOException;

    /** A note when either score's error exceeds half of it: the machine was too noisy for the ratio to mean much. */
    static String inconclusive(JmhResults.Score... scores) {
        for (JmhResults.Score score : scores) {
            if (!Double.isNaN(score.error()) && score.error() > score.score() / 2) {
                return " (not conclusive: a JMH error above ±50 % of its score)";
            }
        }
        return "";
    }

    /** The score ± JMH's 99.9 % error; the score alone when one iteration gave no error. */
    static String withError(JmhResults.Score score) {
        return MarkdownTable.whole(score.score()) + (Double.isNaN(score.error()) ? "" : " ± " + MarkdownTable.whole(score.error()));
    }

    String jmhSizes(JmhResults jmh) {
        return "JMH `" + run.getProperty("jmh", "(options not recorded)") + "`, JDK "
            + (jmh.scores().isEmpty() ? "?" : jmh.scores().get(0).jdk());
    }

    void section(String title) {
        page.append("## ").append(title).append("\n\n");
    }

    void missing() {
        page.append("Not measured in this run.\n\n");
    }

    /** {@code <name>.json}, or null after noting that it is missing. */
    JsonNode result(String name) throws IOException {
        Path file = results.resolve(name + ".json");
        if (!Files.exists(file)) {
            missing();
            return null;
        }
        return JSON.readTree(file.toFile());
    }

    /** JMH's {@code <name>.json}, or null after a line saying that {@code benchmark} was not measured. */
    JmhResults jmhResult(String name, String benchmark) throws IOException {
        Path file = results.resolve(name + ".json");
        if (!Files.exists(file)) {
            page.append("`").append(benchmark).append("`: not measured in this run.\n\n");
            return null;
        }
        return JmhResults.read(file);
    }

    List<Path> files(String prefix, String suffix) throws IOException {
        try (Stream<Path> listing = Files.list(results)) {
            return listing.filter(p -> p.getFileName().toString().startsWith(prefix) && p.getFileName().toString().endsWith(suffix))
                .sorted((a, b) -> Integer.compare(numberIn(a), numberIn(b))).toList();
        }
    }

    private static int numberIn(Path file) {
        String digits = file.getFileName().toString().replaceAll("\\D", "");
        return digits.isEmpty() ? 0 : Integer.parseInt(digits.substring(0, Math.min(digits.length(), 9)));
    }

    static JsonNode rowWhere(JsonNode result, String column, String value) {
        for (JsonNode row : result.path("rows")) {
            if (row.path(column).asText().equals(value)) {
                return row;
            }
        }
        return MissingNode.getInstance();
    }

    static Double number(JsonNode row, String column) {
        JsonNode value = row.path(column);
        return value.isNumber() ? value.asDouble() : null;
    }

    /** Draws a figure, links it, and writes its caption: the machine (the result's, else the run's) and the sizes. */
    void figure(String file, String title, String xTitle, String yTitle, List<String> categories,
                        Map<String, List<Double>> bars, Map<String, List<Double>> lines, JsonNode result, String sizes)
            throws IOException {
        if (categories.isEmpty()) {
            return;
        }
        Charts.bars(figures.resolve(file), title, xTitle, yTitle, categories, bars, lines);
        Machine machine = result != null && result.has("machine") ? JSON.treeToValue(result.path("machine"), Machine.class) : runMachine;
        page.append("![").append(title).append("](").append(figureLink).append('/').append(file).append(")\n\n");
        page.append("*").append(sizes).append(". Measured on ").append(machine == null ? "an unrecorded machine" : machine.line())
            .append(".*\n\n");
    }
}
