package io.mvx.metrics.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one run's JMH JSON result file ({@code -rf json}) and {@link MemoryFootprint}'s JSON into the
 * markdown tables of docs/PERFORMANCE.md: raw numbers with their 99.9% error, the ratio MVX / peer for each
 * comparison, and each performance target of docs/PERFORMANCE.md marked met or missed.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.Report
 * benchmarks/results/results.json benchmarks/results/memory.json > benchmarks/results/report.md}
 */
public final class Report {

  private static final String PACKAGE = "io.mvx.metrics.benchmarks.";

  /** benchmark name (Class.method) + params + threads to its JSON entry. */
  private final Map<String, JsonNode> runs = new LinkedHashMap<>();
  private final JsonNode memory;
  private final JsonNode histogramMemory;
  private final StringBuilder out = new StringBuilder();
  private final List<String> verdicts = new ArrayList<>();

  private Report(JsonNode results, JsonNode memory, JsonNode histogramMemory) {
    for (JsonNode run : results) {
      runs.put(key(run.get("benchmark").asText().replace(PACKAGE, ""), params(run)), run);
    }
    this.memory = memory;
    this.histogramMemory = histogramMemory;
  }

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: Report results.json [memory.json [memory-histogram.json]]");
      System.exit(2);
    }
    ObjectMapper json = new ObjectMapper();
    JsonNode results = json.readTree(Path.of(args[0]).toFile());
    JsonNode memory = args.length >= 2 && Files.exists(Path.of(args[1]))
        ? json.readTree(Path.of(args[1]).toFile()) : null;
    JsonNode histogramMemory = args.length >= 3 && Files.exists(Path.of(args[2]))
        ? json.readTree(Path.of(args[2]).toFile()) : null;
    System.out.print(new Report(results, memory, histogramMemory).render());
  }

  private String render() {
    JsonNode any = runs.values().stream().findFirst().orElse(null);
    if (any != null) {
      line("JMH " + any.path("jmhVersion").asText() + ", " + any.path("vmName").asText() + " "
          + any.path("jdkVersion").asText() + ", forks " + any.path("forks").asInt() + ", warmup "
          + any.path("warmupIterations").asInt() + " x " + any.path("warmupTime").asText() + ", measurement "
          + any.path("measurementIterations").asInt() + " x " + any.path("measurementTime").asText()
          + ". Errors are JMH's 99.9% confidence half-widths. Ratio = MVX / peer (for time and bytes lower"
          + " is better for MVX; for throughput higher is better).");
      line("");
    }
    emitPrebound();
    emitPerEntity();
    throughput();
    scrape();
    memory();
    latency();
    new HistogramReport(this).render(histogramMemory);
    line("## Targets");
    line("");
    line("| Target | Result |");
    line("|---|---|");
    verdicts.forEach(this::line);
    return out.toString();
  }

  // ---- the six benchmarks ----

  private void emitPrebound() {
    String[] libraries = {"mvx", "micrometer", "otel", "simpleclient"};
    line("## 1. Emit, pre-bound (ns/op, allocation B/op)");
    line("");
    header("Threads", libraries, new String[] {"MVX / Micrometer", "MVX / OTel", "MVX / simpleclient"});
    for (int threads : new int[] {1, 2}) {
      JsonNode[] cells = new JsonNode[libraries.length];
      for (int i = 0; i < libraries.length; i++) {
        cells[i] = run("EmitPreboundBenchmark." + libraries[i] + "_t" + threads, Map.of());
      }
      row(Integer.toString(threads), cells, true);
      if (cells[0] != null && cells[1] != null) {
        double ratio = score(cells[0]) / score(cells[1]);
        double alloc = alloc(cells[0]);
        verdict("Emit pre-bound, " + threads + " thread(s): MVX <= 2x Micrometer", ratio <= 2.0,
            ratio(ratio) + " (" + num(score(cells[0])) + " vs " + num(score(cells[1])) + " ns/op)");
        verdict("Emit pre-bound, " + threads + " thread(s): 0 B/op allocated", alloc < 0.5,
            num(alloc) + " B/op (JMH counts every thread; < 0.5 B/op is bookkeeping of the run, not per event)");
      }
    }
    line("");
  }

  private void emitPerEntity() {
    String[] libraries = {"mvx", "micrometer", "otel", "otelPrebuilt", "simpleclient"};
    line("## 2. Emit per entity, 10,000 entities (ns/op, allocation B/op)");
    line("");
    header("", libraries, new String[] {"MVX / Micrometer", "MVX / OTel", "MVX / OTel prebuilt",
        "MVX / simpleclient"});
    JsonNode[] cells = new JsonNode[libraries.length];
    for (int i = 0; i < libraries.length; i++) {
      cells[i] = run("EmitPerEntityBenchmark." + libraries[i], Map.of());
    }
    row("1 thread", cells, true);
    line("");
    if (cells[0] != null) {
      for (int i : new int[] {1, 2, 4}) {
        if (cells[i] != null) {
          double ratio = score(cells[0]) / score(cells[i]);
          verdict("Emit per entity: MVX cheaper than " + libraries[i], ratio < 1.0, ratio(ratio));
        }
      }
    }
  }

  private void throughput() {
    line("## 3. Sustained throughput (events processed per second)");
    line("");
    line("| Producers | MVX | ArrayBlockingQueue baseline | MVX / baseline |");
    line("|---|---|---|---|");
    for (int producers : new int[] {1, 2, 4}) {
      Map<String, String> params = Map.of("producers", Integer.toString(producers));
      JsonNode mvx = run("ThroughputBenchmark.mvx", params);
      JsonNode abq = run("ThroughputBenchmark.abq", params);
      if (mvx == null) {
        continue;
      }
      double ratio = abq == null ? Double.NaN : score(mvx) / score(abq);
      line("| " + producers + " | " + scoreWithError(mvx) + " | " + (abq == null ? "-" : scoreWithError(abq))
          + " | " + ratio(ratio) + " |");
      if (producers == 1) {
        verdict("Throughput, 1 producer: >= 10 M events/s", score(mvx) >= 10e6, millions(score(mvx)));
      }
      if (producers == 4) {
        verdict("Throughput, 4 producers: >= 5 M events/s", score(mvx) >= 5e6, millions(score(mvx)));
      }
      if (abq != null) {
        verdict("Throughput, " + producers + " producer(s): >= 2x the ArrayBlockingQueue baseline",
            ratio >= 2.0, ratio(ratio));
      }
    }
    line("");
  }

  private void scrape() {
    String[] libraries = {"mvx", "simpleclient", "micrometer"};
    line("## 4. Scrape, Prometheus text format (us/scrape, allocation B/scrape)");
    line("");
    header("Series", libraries, new String[] {"MVX / simpleclient", "MVX / Micrometer"});
    for (String series : new String[] {"1000", "10000", "100000"}) {
      JsonNode[] cells = new JsonNode[libraries.length];
      for (int i = 0; i < libraries.length; i++) {
        cells[i] = run("ScrapeBenchmark." + libraries[i], Map.of("series", series));
      }
      row(series, cells, true);
      if (series.equals("100000") && cells[0] != null && cells[1] != null) {
        double ratio = score(cells[0]) / score(cells[1]);
        verdict("Scrape of 100,000 series: MVX <= 1.0x native simpleclient", ratio <= 1.0,
            ratio(ratio) + " time, " + ratio(alloc(cells[0]) / alloc(cells[1])) + " bytes allocated");
      }
    }
    line("");
  }

  private void memory() {
    line("## 5. Memory: retained heap per series");
    line("");
    if (memory == null) {
      line("(no memory.json: run MemoryFootprint)");
      line("");
      return;
    }
    JsonNode results = memory.get("results");
    line("At " + memory.get("series").asInt() + " series, " + memory.path("jvm").asText() + ".");
    line("");
    line("| Library | Bytes retained | Bytes per series | MVX / library |");
    line("|---|---|---|---|");
    double mvx = results.path("mvx").path("bytesPerSeries").asDouble(Double.NaN);
    double best = Double.MAX_VALUE;
    String bestName = "";
    for (Map.Entry<String, JsonNode> entry : iterable(results)) {
      double perSeries = entry.getValue().get("bytesPerSeries").asDouble();
      line("| " + entry.getKey() + " | " + entry.getValue().get("retainedBytes").asLong() + " | "
          + num(perSeries) + " | " + ratio(mvx / perSeries) + " |");
      if (!entry.getKey().equals("mvx") && !entry.getKey().equals("otel") && perSeries < best) {
        best = perSeries;
        bestName = entry.getKey();
      }
    }
    line("");
    verdict("Memory at 100,000 series: MVX <= the best of simpleclient and Micrometer", mvx <= best,
        num(mvx) + " vs " + num(best) + " B/series (" + bestName + "), " + ratio(mvx / best));
  }

  private void latency() {
    line("## 6. Emit latency under scrapes (SampleTime, ns)");
    line("");
    JsonNode idle = run("EmitUnderScrapeBenchmark.idle", Map.of());
    JsonNode under = run("EmitUnderScrapeBenchmark.underScrape", Map.of());
    if (idle == null || under == null) {
      line("(not run)");
      line("");
      return;
    }
    JsonNode idleMetric = idle.get("primaryMetric");
    JsonNode underMetric = under.get("secondaryMetrics").get("emit");
    JsonNode scrapeMetric = under.get("secondaryMetrics").get("scrape");
    String[] percentiles = {"50.0", "90.0", "99.0", "99.9", "99.99"};
    line("| registerEvent | samples | mean | p50 | p90 | p99 | p99.9 | p99.99 |");
    line("|---|---|---|---|---|---|---|---|");
    for (Object[] r : new Object[][] {{"idle", idleMetric}, {"under back-to-back scrapes", underMetric}}) {
      JsonNode metric = (JsonNode) r[1];
      StringBuilder cells = new StringBuilder("| " + r[0] + " | " + samples(metric) + " | "
          + num(metric.get("score").asDouble()) + " | ");
      for (String p : percentiles) {
        cells.append(num(metric.get("scorePercentiles").get(p).asDouble())).append(" | ");
      }
      line(cells.toString().trim());
    }
    line("");
    if (scrapeMetric != null) {
      line("Scrape (MvxCollector.collect of " + EmitUnderScrapeBenchmark.RECORDERS + " recorders) meanwhile: mean "
          + num(scrapeMetric.get("score").asDouble() / 1e6) + " ms, p99 "
          + num(scrapeMetric.get("scorePercentiles").get("99.0").asDouble() / 1e6) + " ms.");
      line("");
    }
    double ratio = underMetric.get("scorePercentiles").get("99.9").asDouble()
        / idleMetric.get("scorePercentiles").get("99.9").asDouble();
    verdict("Emit p99.9 under scrapes <= 2x idle", ratio <= 2.0, ratio(ratio));
  }

  // ---- helpers ----

  void header(String first, String[] libraries, String[] ratios) {
    StringBuilder head = new StringBuilder("| " + first + " |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String library : libraries) {
      head.append(' ').append(library).append(" | ").append(library).append(" B/op |");
      rule.append("---|---|");
    }
    for (String ratio : ratios) {
      head.append(' ').append(ratio).append(" |");
      rule.append("---|");
    }
    line(head.toString());
    line(rule.toString());
  }

  /** A row of score ± error and allocation per library, then MVX (the first) over each of the others. */
  void row(String first, JsonNode[] cells, boolean skipMissingRatios) {
    StringBuilder row = new StringBuilder("| " + first + " |");
    for (JsonNode cell : cells) {
      row.append(' ').append(cell == null ? "-" : scoreWithError(cell)).append(" | ")
          .append(cell == null ? "-" : num(alloc(cell))).append(" |");
    }
    for (int i = 1; i < cells.length; i++) {
      if (cells[0] == null || cells[i] == null) {
        row.append(skipMissingRatios ? " - |" : "");
      } else {
        row.append(' ').append(ratio(score(cells[0]) / score(cells[i]))).append(" |");
      }
    }
    line(row.toString());
  }

  void verdict(String target, boolean met, String detail) {
    verdicts.add("| " + target + " | " + (met ? "**met**" : "**missed**") + ": " + detail + " |");
  }

  JsonNode run(String benchmark, Map<String, String> params) {
    return runs.get(key(benchmark, params));
  }

  private static String key(String benchmark, Map<String, String> params) {
    return benchmark + new java.util.TreeMap<>(params);
  }

  private static Map<String, String> params(JsonNode run) {
    Map<String, String> params = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : iterable(run.path("params"))) {
      params.put(entry.getKey(), entry.getValue().asText());
    }
    return params;
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node.properties();
  }

  static double score(JsonNode run) {
    return run.get("primaryMetric").get("score").asDouble();
  }

  static double alloc(JsonNode run) {
    JsonNode norm = run.path("secondaryMetrics").path("gc.alloc.rate.norm");
    return norm.isMissingNode() ? Double.NaN : norm.get("score").asDouble();
  }

  static String scoreWithError(JsonNode run) {
    JsonNode metric = run.get("primaryMetric");
    double error = metric.get("scoreError").asDouble(Double.NaN);
    return num(metric.get("score").asDouble()) + (Double.isNaN(error) ? "" : " ± " + num(error));
  }

  /** The sample count of a SampleTime metric; "-" where JMH's JSON has no histogram (group members). */
  private static String samples(JsonNode metric) {
    if (!metric.has("rawDataHistogram")) {
      return "-";
    }
    long count = 0;
    for (JsonNode fork : metric.path("rawDataHistogram")) {
      for (JsonNode iteration : fork) {
        for (JsonNode bucket : iteration) {
          count += bucket.get(1).asLong();
        }
      }
    }
    return Long.toString(count);
  }

  private static String millions(double value) {
    return String.format(Locale.ROOT, "%.1f M events/s", value / 1e6);
  }

  static String ratio(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2fx", value);
  }

  /** Three significant digits, thousands separated. */
  static String num(double value) {
    if (Double.isNaN(value)) {
      return "-";
    }
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (abs >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (abs >= 0.01 || abs == 0) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.1e", value);
  }

  void line(String text) {
    out.append(text).append('\n');
  }
}
