package io.mvx.metrics.prometheus;

import io.mvx.metrics.test.Promtool;
import io.mvx.metrics.test.CapturingLogger;
import io.mvx.metrics.test.TestMetrics;
import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.internal.ThrottledLog;
import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.tuple;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.test.TextExposition.Family;
import io.mvx.metrics.test.TextExposition.Sample;
import io.mvx.metrics.example.TcpConnection;
import io.prometheus.client.CollectorRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MvxCollectorRobustnessTest {

  private static final List<String> REASONS = List.of("snapshot_failed", "kind_conflict", "label_conflict",
      "name_conflict", "duplicate_series", "unit_conflict", "invalid_name");

  private final List<MetricsRuntime> runtimes = new ArrayList<>();
  private final CapturingLogger logger = new CapturingLogger();

  @AfterEach
  void shutDownRuntimes() {
    runtimes.forEach(MetricsRuntime::shutdown);
  }

  private MetricsRuntime started(MetricsRuntime runtime) {
    runtimes.add(runtime);
    runtime.start();
    return runtime;
  }

  private CollectorRegistry registryFor(MetricsRuntime runtime) {
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(new MvxCollector(List.of(runtime), new ThrottledLog(logger, ThrottledLog.DEFAULT_WINDOW_NANOS, System::nanoTime)));
    return registry;
  }

  private static Map<String, Double> skipped(List<Family> families) {
    Map<String, Double> byReason = new LinkedHashMap<>();
    TextExposition.samples(families).stream()
        .filter(s -> s.name().equals("mvx_runtime_collector_skipped_total"))
        .forEach(s -> byReason.put(s.labels().get("reason"), s.value()));
    return byReason;
  }

  /** The expected skip counts in {@link SkipReason} order. */
  private static Map<String, Double> byReason(double... counts) {
    Map<String, Double> expected = new LinkedHashMap<>();
    for (int i = 0; i < counts.length; i++) {
      expected.put(REASONS.get(i), counts[i]);
    }
    return expected;
  }

  @Test
  void conflictingSeries_firstInSnapshotOrderWins_othersAreSkippedCountedAndLoggedThrottled() {
    MetricsRuntime runtime = started(new MetricsRuntime("conflicts"));
    runtime.createRecorder("a").registerMetric(fixed("shared", s -> s.gauge("value", 1)));
    runtime.createRecorder("b").registerMetric(fixed("shared", s -> s.counter("value", 2)));
    runtime.createRecorder("c").registerMetric(fixed("shared", s -> s.gauge("value", 3, Map.of("zone", "eu"))));
    RuntimeRecorder d = runtime.createRecorder("d");
    d.registerMetric(fixed("names", s -> s.counter("x", 4).gauge("x_total", 5)));
    d.registerMetric(fixed("dup.a", s -> s.gauge("b", 6)));
    d.registerMetric(fixed("dup_a", s -> s.gauge("b", 7)));
    CollectorRegistry registry = registryFor(runtime);

    List<Family> families = TextExposition.parse004(TextExposition.write004(registry));

    assertThat(families).filteredOn(f -> f.name().startsWith("conflicts_"))
        .extracting(Family::name, Family::type)
        .containsExactly(tuple("conflicts_shared_value", "gauge"), tuple("conflicts_names_x_total", "counter"),
            tuple("conflicts_dup_a_b", "gauge"));
    assertThat(TextExposition.samples(families)).filteredOn(s -> s.name().startsWith("conflicts_"))
        .extracting(Sample::name, s -> s.labels().get("recorder"), Sample::value)
        .containsExactly(tuple("conflicts_shared_value", "a", 1.0), tuple("conflicts_names_x_total", "d", 4.0),
            tuple("conflicts_dup_a_b", "d", 6.0));
    assertThat(skipped(families)).containsExactlyEntriesOf(byReason(0, 1, 1, 1, 1, 0, 0));
    assertThat(logger.entries()).hasSize(4)
        .allSatisfy(e -> assertThat(e.level()).isEqualTo(System.Logger.Level.WARNING));
    assertThat(logger.entries()).anySatisfy(e -> assertThat(e.message())
        .contains("recorder 'b'", "metric shared", "kind_conflict"));

    List<Family> again = TextExposition.parse004(TextExposition.write004(registry));

    assertThat(skipped(again)).containsExactlyEntriesOf(byReason(0, 2, 2, 2, 2, 0, 0));
    assertThat(logger.entries()).as("throttled: one line per reason and window").hasSize(4);
  }

  @Test
  void kindConflict_isResolvedByRecorderCreationOrder() {
    MetricsRuntime counterFirst = started(new MetricsRuntime("order"));
    counterFirst.createRecorder("b").registerMetric(fixed("shared", s -> s.counter("value", 2)));
    counterFirst.createRecorder("a").registerMetric(fixed("shared", s -> s.gauge("value", 1)));

    List<Family> families = TextExposition.parse004(TextExposition.write004(registryFor(counterFirst)));

    assertThat(families).filteredOn(f -> f.name().startsWith("order_"))
        .extracting(Family::name, Family::type).containsExactly(tuple("order_shared_value_total", "counter"));
    assertThat(TextExposition.samples(families)).filteredOn(s -> s.name().startsWith("order_"))
        .extracting(s -> s.labels().get("recorder"), Sample::value).containsExactly(tuple("b", 2.0));
    assertThat(skipped(families)).containsEntry("kind_conflict", 1.0);
  }

  @Test
  void metricWhoseSnapshotThrows_isLeftOut_andTheScrapeSucceeds() {
    MetricsRuntime runtime = started(new MetricsRuntime("isolation"));
    RuntimeRecorder recorder = runtime.createRecorder("tcp-1");
    recorder.registerMetric(TestMetrics.throwingSnapshot("broken"));
    new TcpConnection(recorder).received(new byte[9]);
    CollectorRegistry registry = registryFor(runtime);

    List<Family> families = TextExposition.parse004(TextExposition.write004(registry));

    assertThat(families).extracting(Family::name).contains("isolation_tcp_stream_bytes_received_bytes_total")
        .noneMatch(name -> name.contains("broken"));
    assertThat(registry.getSampleValue("mvx_runtime_handler_errors_total", new String[] {"namespace"},
        new String[] {"isolation"})).isGreaterThanOrEqualTo(1.0);
  }

  @Test
  void lateRuntimeSnapshot_doesNotThrow_andServesTheLastGoodCutWithItsAge() throws InterruptedException {
    MetricsRuntime runtime = started(MetricsRuntime.builder("stuck").operationTimeout(Duration.ofSeconds(1))
        .handlerTimeout(Duration.ofMinutes(10)).build()); // late, not hung: no takeover in this test
    RuntimeRecorder recorder = runtime.createRecorder("r");
    TestMetrics.Blocking blocking = new TestMetrics.Blocking("blocking");
    recorder.registerMetric(blocking);
    CollectorRegistry registry = registryFor(runtime);
    recorder.registerEvent(new TestMetrics.Ping());
    assertThat(blocking.entered().await(1, TimeUnit.MINUTES)).isTrue();
    try {
      List<Family> families = new ArrayList<>();
      assertThatCode(() -> families.addAll(TextExposition.parse004(TextExposition.write004(registry))))
          .doesNotThrowAnyException();

      assertThat(families).extracting(Family::name).allMatch(name -> name.startsWith("mvx_runtime_"));
      assertThat(skipped(families)).containsEntry("snapshot_failed", 0.0);
      assertThat(registry.getSampleValue("mvx_runtime_events_pending", new String[] {"namespace"},
          new String[] {"stuck"})).isEqualTo(1.0);
      assertThat(registry.getSampleValue("mvx_runtime_snapshot_age_seconds", new String[] {"namespace"},
          new String[] {"stuck"})).isPositive();
    } finally {
      blocking.release().countDown();
    }
    assertThat(TextExposition.parse004(TextExposition.write004(registry))).extracting(Family::name)
        .contains("stuck_blocking_handled_total");
  }

  @Test
  void hostileRecorderIdAndLabelValues_stayAValidExposition() {
    MetricsRuntime runtime = started(new MetricsRuntime("hostile"));
    String recorderId = "quote\" backslash\\ emoji😀 {brace}=,";
    String labelValue = "line one\nline two \"quoted\" \\n not a newline";
    runtime.createRecorder(recorderId).registerMetric(fixed("echo", s -> s
        .description("HELP with \\ backslash and\nnewline")
        .gauge("value", 1, Map.of("text", labelValue))));
    CollectorRegistry registry = registryFor(runtime);

    String text = TextExposition.write004(registry);
    for (List<Family> families : List.of(TextExposition.parse004(text),
        TextExposition.parseOpenMetrics(TextExposition.writeOpenMetrics(registry)))) {
      Family echo = families.stream().filter(f -> f.name().equals("hostile_echo_value")).findFirst().orElseThrow();
      assertThat(echo.help()).isEqualTo("HELP with \\ backslash and\nnewline");
      assertThat(echo.samples()).singleElement()
          .satisfies(s -> assertThat(s.labels()).containsExactlyInAnyOrderEntriesOf(
              Map.of("recorder", recorderId, "text", labelValue)));
    }
    Promtool.Result result = Promtool.checkMetrics(text);
    assertThat(result.clean()).as("promtool: %s", result).isTrue();
  }

  @Test
  void twoRuntimesWritingTheSameSeries_keepTheFirstAndStayAValidExposition() {
    MetricsRuntime a = started(new MetricsRuntime("a"));
    MetricsRuntime ab = started(new MetricsRuntime("a_b"));
    a.createRecorder("r").registerMetric(fixed("b.c", s -> s.gauge("x", 1)));
    a.createRecorder("s").registerMetric(fixed("b.c", s -> s.gauge("x", 2)));
    ab.createRecorder("r").registerMetric(fixed("c", s -> s.gauge("x", 3))); // a_b_c_x{recorder="r"} again
    CollectorRegistry registry = new CollectorRegistry();
    registry.register(new MvxCollector(List.of(a, ab),
        new ThrottledLog(logger, ThrottledLog.DEFAULT_WINDOW_NANOS, System::nanoTime)));

    List<Family> families = TextExposition.parse004(TextExposition.write004(registry));

    assertThat(TextExposition.samples(families)).filteredOn(sample -> sample.name().equals("a_b_c_x"))
        .extracting(sample -> sample.labels().get("recorder"), Sample::value)
        .containsExactly(tuple("r", 1.0), tuple("s", 2.0));
  }
}
