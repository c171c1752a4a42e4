package io.mvx.metrics.reliability;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.test.FixedMetric;
import io.mvx.metrics.test.Promtool;
import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import net.jqwik.api.RandomGenerator;
import net.jqwik.api.sessions.JqwikSession;
import org.junit.jupiter.api.Test;

/**
 * promtool (the Prometheus project's own parser) reads every exposition of hostile input: a seeded sample
 * of the scenarios the export property generates, and hand-picked worst cases. promtool's naming-convention
 * findings (exit code 3) are expected for arbitrary names and counted, not failed; a parse error fails.
 */
class PromtoolCheckTest {

  static final long SEED = 20_261_202L;
  static final int SAMPLES = 60;

  @Test
  void promtool_parsesASeededSampleOfGeneratedHostileExpositions() throws Exception {
    Promtool promtool = Promtool.require();
    List<Scenario> sample = new ArrayList<>();
    JqwikSession.run(() -> { // jqwik generators outside a property need a session
      RandomGenerator<Scenario> scenarios = Scenario.arbitrary().generator(1_000);
      Random random = new Random(SEED);
      for (int i = 0; i < SAMPLES; i++) {
        sample.add(scenarios.next(random).value());
      }
    });
    int lintOnly = 0;
    long bytes = 0;
    for (Scenario scenario : sample) {
      String exposition = exposition(scenario.namespace(), scenario::populate);
      Promtool.Result verdict = promtool.check(exposition);
      assertThat(verdict.parses()).as("promtool on %s said %s", scenario, verdict.stdout() + verdict.stderr()).isTrue();
      lintOnly += verdict.exitCode() == 0 ? 0 : 1;
      bytes += exposition.length();
    }
    Figures.report("promtool", "%d generated expositions (%,d chars) all parse; %d with naming-convention findings "
        + "only", SAMPLES, bytes, lintOnly);
  }

  @Test
  void promtool_parsesHandPickedWorstCases() throws Exception {
    Promtool promtool = Promtool.require();
    List<String> ids = List.of("quote\"d", "back\\slash\\", "\\n not a newline", "brace}{=,\"", "emoji 😀🇺🇸",
        "bidi \u202Eevil\u202C", "bom \uFEFF zero\u200Bwidth", "line\u2028separator", "  padded  ",
        "x".repeat(100_000));
    String controls = IntStream.concat(IntStream.range(0, 0x20), IntStream.range(0x7F, 0xA0))
        .mapToObj(c -> String.valueOf((char) c)).collect(Collectors.joining());
    List<String> labelValues = List.of("", controls, "\n", "\r\n", "\\", "\"", "\\\"\\n", "a\u0000b", "😀",
        "\uFFFF\uFFFE", "\u202E", "y".repeat(100_000));
    String exposition = exposition("weird namespace 😀 \"quoted\"", runtime -> {
      for (String id : ids) {
        RuntimeRecorder recorder = runtime.createRecorder(id);
        MetricSnapshot.Builder snapshot = MetricSnapshot.builder("hostile").description("help with \\ and \n and "
            + controls);
        for (int i = 0; i < labelValues.size(); i++) {
          snapshot.gauge("g", i, Map.of("value", labelValues.get(i)));
        }
        recorder.registerMetric(new FixedMetric(snapshot.build()));
      }
    });
    TextExposition parsed = TextExposition.parse(exposition);
    List<String> seen = new ArrayList<>();
    parsed.samples().forEach(sample -> seen.add(sample.labels().get("value")));
    assertThat(seen).containsAll(labelValues);

    Promtool.Result verdict = promtool.check(exposition);
    assertThat(verdict.parses()).as("promtool said %s", verdict.stdout() + verdict.stderr()).isTrue();
    Figures.report("promtool", "hand-picked worst cases (%d recorders x %d label values, %,d chars): %s",
        ids.size(), labelValues.size(), exposition.length(), verdict.exitCode() == 0 ? "no finding" : "lint only");
  }

  /** The Prometheus text of a runtime set up by {@code setUp}. */
  private static String exposition(String namespace, Consumer<MetricsRuntime> setUp) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT)
        .maxLabelValueLength(1 << 20) // the worst cases carry 100,000-character ids and label values
        .build();
    runtime.start();
    try (Adapters adapters = Adapters.attach(runtime, Duration.ofSeconds(1))) {
      setUp.accept(runtime);
      return adapters.prometheusText();
    } finally {
      runtime.shutdown();
    }
  }
}
