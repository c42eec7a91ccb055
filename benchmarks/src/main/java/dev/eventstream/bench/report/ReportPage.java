package dev.eventstream.bench.report;

import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

/**
 * The page being written and what its sections read: the results directory, the figure directory and how the page
 * links to it, the run's machine and properties ({@code run.properties}), the page's text so far, and the "At a
 * glance" lines (one per headline figure, each ratio to its same-run reference).
 */
record ReportPage(Path results, Path figures, String figureLink, Machine runMachine, Properties run, StringBuilder text,
                  List<String> glance) {
}
