package dev.eventstream.bench.report;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.style.CategoryStyler;
import org.knowm.xchart.style.Styler;

/**
 * The PNG figures of docs/performance.md: grouped bar charts (XChart, rendered headless), 800 × 500 pixels, one
 * series per candidate; a reference measured in the same run (a ceiling) can be drawn as a line across the bars.
 */
final class Charts {

    static final int WIDTH = 800;
    static final int HEIGHT = 500;
    private static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b)};

    static {
        // a chart needs fonts, never a display: set before the first AWT class loads
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /**
     * Writes a grouped bar chart: {@code bars} maps each series name to one value per category (null: not measured),
     * {@code lines} (may be empty) series drawn as lines over the same categories. Returns the file.
     */
    static Path bars(Path file, String title, String xTitle, String yTitle, List<String> categories,
                     Map<String, List<Double>> bars, Map<String, List<Double>> lines) throws IOException {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
            .yAxisTitle(yTitle).build();
        CategoryStyler styler = chart.getStyler();
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setPlotGridVerticalLinesVisible(false);
        styler.setOverlapped(false);
        styler.setYAxisMin(0.0);
        styler.setYAxisDecimalPattern("#,##0.##");
        styler.setSeriesColors(PALETTE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        styler.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        styler.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        bars.forEach((name, values) -> chart.addSeries(name, categories, zeroForMissing(values)));
        lines.forEach((name, values) -> chart.addSeries(name, categories, zeroForMissing(values))
            .setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Line));
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartEncoder.saveChart(chart, out, "png");
        }
        return file;
    }

    private static List<Double> zeroForMissing(List<Double> values) {
        return values.stream().map(value -> value == null ? 0.0 : value).toList();
    }
}
