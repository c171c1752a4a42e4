package io.mvx.metrics.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * The histogram section of {@link Report}: the producer's cost of one save attempt (counter +
 * histogram), the processing cost per event on the MVX thread, the scrape of 10,000 histogram series and
 * the bytes per histogram series.
 */
final class HistogramReport {

  private final Report report;

  HistogramReport(Report report) {
    this.report = report;
  }

  void render(JsonNode memory) {
    emit();
    process();
    scrape();
    memory(memory);
  }

  private void emit() {
    String[] libraries = {"mvx", "micrometer", "otel", "simpleclient"};
    report.line("## 7. Histograms: one save attempt, counter + histogram, 1 thread (ns/save, allocation B/save)");
    report.line("");
    JsonNode[] cells = new JsonNode[libraries.length];
    for (int i = 0; i < libraries.length; i++) {
      cells[i] = report.run("HistogramEmitBenchmark." + libraries[i], Map.of());
    }
    if (cells[0] == null) {
      report.line("(not run)");
      report.line("");
      return;
    }
    report.header("", libraries, new String[] {"MVX / Micrometer", "MVX / OTel", "MVX / simpleclient"});
    report.row("new event per save", cells, true);
    JsonNode prebuilt = report.run("HistogramEmitBenchmark.mvx_prebuiltEvent", Map.of());
    if (prebuilt != null) {
      report.line("");
      report.line("MVX with precomputed events (no allocation of its own): " + Report.scoreWithError(prebuilt)
          + " ns/save, " + Report.num(Report.alloc(prebuilt)) + " B/save.");
    }
    report.line("");
    for (int i = 1; i < libraries.length; i++) {
      if (cells[i] != null) {
        double ratio = Report.score(cells[0]) / Report.score(cells[i]);
        report.verdict("Histogram save: MVX producer cost below " + libraries[i], ratio < 1.0,
            Report.ratio(ratio) + " (" + Report.num(Report.score(cells[0])) + " vs "
                + Report.num(Report.score(cells[i])) + " ns/save)");
      }
    }
  }

  private void process() {
    JsonNode save = report.run("HistogramProcessBenchmark.saveMetric", Map.of());
    JsonNode counter = report.run("HistogramProcessBenchmark.counterMetric", Map.of());
    if (save == null || counter == null) {
      return;
    }
    report.line("Processing on the MVX thread, the metric's own work per event (`handleEvent` called directly):"
        + " save metric (counter + histogram) " + Report.scoreWithError(save) + " ns, counter metric "
        + Report.scoreWithError(counter) + " ns; the runtime's dispatch per event comes on top of either"
        + " (1 / the throughput of section 3).");
    report.line("");
  }

  private void scrape() {
    String[] libraries = {"mvx", "simpleclient", "micrometer"};
    JsonNode[] cells = new JsonNode[libraries.length];
    for (int i = 0; i < libraries.length; i++) {
      cells[i] = report.run("HistogramScrapeBenchmark." + libraries[i], Map.of("series", "10000"));
    }
    report.line("## 8. Scrape of 10,000 histogram series, 10 bounds each (us/scrape, allocation B/scrape)");
    report.line("");
    report.header("Series", libraries, new String[] {"MVX / simpleclient", "MVX / Micrometer"});
    report.row("10000", cells, true);
    report.line("");
    if (cells[0] != null && cells[1] != null) {
      double ratio = Report.score(cells[0]) / Report.score(cells[1]);
      report.verdict("Scrape of 10,000 histogram series: MVX <= 1.0x native simpleclient", ratio <= 1.0,
          Report.ratio(ratio) + " time, " + Report.ratio(Report.alloc(cells[0]) / Report.alloc(cells[1]))
              + " bytes allocated");
    }
  }

  private void memory(JsonNode memory) {
    report.line("## 9. Memory: retained heap per histogram series");
    report.line("");
    if (memory == null) {
      report.line("(no memory-histogram.json: run MemoryFootprint SERIES FILE histogram)");
      report.line("");
      return;
    }
    JsonNode results = memory.get("results");
    report.line("At " + memory.get("series").asInt() + " histogram series, " + memory.path("jvm").asText() + ".");
    report.line("");
    report.line("| Library | Bytes retained | Bytes per series | MVX / library |");
    report.line("|---|---|---|---|");
    double mvx = results.path("mvx").path("bytesPerSeries").asDouble(Double.NaN);
    for (Map.Entry<String, JsonNode> entry : results.properties()) {
      double perSeries = entry.getValue().get("bytesPerSeries").asDouble();
      report.line("| " + entry.getKey() + " | " + entry.getValue().get("retainedBytes").asLong() + " | "
          + Report.num(perSeries) + " | " + Report.ratio(mvx / perSeries) + " |");
    }
    report.line("");
    double simpleclient = results.path("simpleclient").path("bytesPerSeries").asDouble(Double.NaN);
    if (Double.isNaN(mvx) || Double.isNaN(simpleclient)) {
      return;
    }
    report.verdict("Memory per histogram series: MVX <= simpleclient", mvx <= simpleclient,
        Report.num(mvx) + " vs " + Report.num(simpleclient) + " B/series, " + Report.ratio(mvx / simpleclient));
  }
}
