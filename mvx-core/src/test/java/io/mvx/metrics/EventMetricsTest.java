package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventMetricsTest {

  record Saved(boolean success, double seconds) implements MetricEvent {
    @Override
    public String eventType() {
      return "test.saved";
    }
  }

  record Other() implements MetricEvent {
    @Override
    public String eventType() {
      return "test.other";
    }
  }

  private static String outcome(Saved saved) {
    return saved.success() ? "success" : "failure";
  }

  @Test
  void count_countsEventsOfItsType_andIgnoresOthers() {
    Metric metric = EventMetrics.builder("saves", Saved.class).description("Saves").count();

    assertThat(metric.handleEvent(new Saved(true, 1))).isTrue();
    assertThat(metric.handleEvent(new Saved(false, 1))).isTrue();
    assertThat(metric.handleEvent(new Other())).isFalse();

    MetricSnapshot snapshot = metric.snapshot();
    assertThat(metric.metricName()).isEqualTo("saves");
    assertThat(snapshot.description()).isEqualTo("Saves");
    assertThat(snapshot.value("total")).hasValue(2);
    assertThat(snapshot.values()).singleElement().extracting(MetricValue::kind).isEqualTo(ValueKind.COUNTER);
  }

  @Test
  void count_beforeAnyEvent_isZero() {
    assertThat(EventMetrics.builder("saves", Saved.class).count("attempts").snapshot().value("attempts"))
        .hasValue(0);
  }

  @Test
  void count_withFilter_countsOnlyMatchingEvents() {
    Metric failures = EventMetrics.builder("failures", Saved.class).filter(saved -> !saved.success()).count();

    assertThat(failures.handleEvent(new Saved(true, 1))).isFalse();
    assertThat(failures.handleEvent(new Saved(false, 1))).isTrue();

    assertThat(failures.snapshot().value("total")).hasValue(1);
  }

  @Test
  void count_labelled_keepsOneValuePerLabel_knownValuesFirstAtZero() {
    Metric metric = EventMetrics.builder("saves", Saved.class)
        .label("outcome", EventMetricsTest::outcome, "success", "failure")
        .count();

    metric.handleEvent(new Saved(false, 1));
    metric.handleEvent(new Saved(false, 1));

    assertThat(metric.snapshot().values()).extracting(MetricValue::labels, MetricValue::value).containsExactly(
        org.assertj.core.groups.Tuple.tuple(Map.of("outcome", "success"), 0.0),
        org.assertj.core.groups.Tuple.tuple(Map.of("outcome", "failure"), 2.0));
  }

  @Test
  void count_labelled_addsUnknownLabelValuesInFirstSeenOrder() {
    Metric metric = EventMetrics.builder("saves", Saved.class).label("outcome", EventMetricsTest::outcome).count();

    metric.handleEvent(new Saved(false, 1));
    metric.handleEvent(new Saved(true, 1));

    assertThat(metric.snapshot().values()).extracting(value -> value.labels().get("outcome"))
        .containsExactly("failure", "success");
  }

  @Test
  void handleEvent_labelFunctionReturningNull_throwsNamingTheLabel() {
    Metric metric = EventMetrics.builder("saves", Saved.class).label("outcome", saved -> null).count();

    assertThatThrownBy(() -> metric.handleEvent(new Saved(true, 1)))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("outcome").hasMessageContaining("saves");
    assertThat(metric.snapshot().values()).isEmpty();
  }

  @Test
  void sum_addsTheField_andRefusesValuesACounterCannotTake() {
    Metric metric = EventMetrics.builder("save.time", Saved.class).unit("s").sum("seconds_total", Saved::seconds);

    assertThat(metric.handleEvent(new Saved(true, 0.25))).isTrue();
    assertThat(metric.handleEvent(new Saved(true, 0.5))).isTrue();
    assertThat(metric.handleEvent(new Saved(true, -1))).isFalse();
    assertThat(metric.handleEvent(new Saved(true, Double.NaN))).isFalse();
    assertThat(metric.handleEvent(new Saved(true, Double.POSITIVE_INFINITY))).isFalse();

    MetricSnapshot snapshot = metric.snapshot();
    assertThat(snapshot.unit()).isEqualTo("s");
    assertThat(snapshot.value("seconds_total")).hasValue(0.75);
  }

  @Test
  void sum_thatOverflows_saturates() {
    Metric metric = EventMetrics.builder("big", Saved.class).sum("total", Saved::seconds);

    metric.handleEvent(new Saved(true, Double.MAX_VALUE));
    metric.handleEvent(new Saved(true, Double.MAX_VALUE));

    assertThat(metric.snapshot().value("total")).hasValue(Double.MAX_VALUE);
  }

  @Test
  void histogram_recordsTheField_perLabelValue() {
    Metric metric = EventMetrics.builder("save", Saved.class)
        .label("outcome", EventMetricsTest::outcome, "success")
        .histogram("duration", Saved::seconds, () -> Histogram.withUpperBounds(0.1, 1));

    metric.handleEvent(new Saved(true, 0.05));
    metric.handleEvent(new Saved(true, 0.5));
    metric.handleEvent(new Saved(false, 5));
    assertThat(metric.handleEvent(new Saved(false, Double.NaN))).isFalse();

    List<MetricValue> values = metric.snapshot().values();
    assertThat(values).hasSize(2);
    HistogramValue success = values.get(0).histogram().orElseThrow();
    assertThat(success.count()).isEqualTo(2);
    assertThat(success.count(0)).isEqualTo(1);
    assertThat(success.count(1)).isEqualTo(1);
    assertThat(success.sum()).isEqualTo(0.55);
    HistogramValue failure = values.get(1).histogram().orElseThrow();
    assertThat(values.get(1).labels()).isEqualTo(Map.of("outcome", "failure"));
    assertThat(failure.count(2)).isEqualTo(1);
  }

  @Test
  void histogram_supplierReturningOneInstance_isRefused() {
    Histogram shared = Histogram.withUpperBounds(1);

    assertThatThrownBy(() -> EventMetrics.builder("save", Saved.class).histogram("duration", Saved::seconds, () -> shared))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("histograms must return a new");
  }

  @Test
  void lastValue_keepsTheLastValue_andExportsNothingBeforeTheFirst() {
    Metric metric = EventMetrics.builder("queue", Saved.class).lastValue("size", Saved::seconds);
    assertThat(metric.snapshot().values()).isEmpty();

    metric.handleEvent(new Saved(true, 7));
    metric.handleEvent(new Saved(true, 3));

    assertThat(metric.snapshot().value("size")).hasValue(3);
    assertThat(metric.snapshot().values()).singleElement().extracting(MetricValue::kind).isEqualTo(ValueKind.GAUGE);
  }

  @Test
  void lastValue_labelled_keepsOneGaugePerLabelValue_knownValuesOnlyOnceSeen() {
    Metric metric = EventMetrics.builder("queue", Saved.class)
        .label("outcome", EventMetricsTest::outcome, "success")
        .lastValue("size", Saved::seconds);

    metric.handleEvent(new Saved(false, 4));

    assertThat(metric.snapshot().values()).singleElement().satisfies(value -> {
      assertThat(value.labels()).isEqualTo(Map.of("outcome", "failure"));
      assertThat(value.value()).isEqualTo(4);
    });
  }

  @Test
  void builder_isAFactory_eachMetricOwnsItsState() {
    EventMetrics.Builder<Saved> saves = EventMetrics.builder("saves", Saved.class);
    Metric first = saves.count();
    Metric second = saves.count();

    first.handleEvent(new Saved(true, 1));

    assertThat(first.snapshot().value("total")).hasValue(1);
    assertThat(second.snapshot().value("total")).hasValue(0);
  }

  @Test
  void builder_validatesArguments_namingArgumentAndValue() {
    assertThatThrownBy(() -> EventMetrics.builder(null, Saved.class))
        .isInstanceOf(NullPointerException.class).hasMessage("metricName");
    assertThatThrownBy(() -> EventMetrics.builder("saves", null))
        .isInstanceOf(NullPointerException.class).hasMessage("eventType");
    assertThatThrownBy(() -> EventMetrics.builder("9saves", Saved.class))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'9saves': metricName");
    EventMetrics.Builder<Saved> builder = EventMetrics.builder("saves", Saved.class);
    assertThatThrownBy(() -> builder.count("bad-dimension"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'bad-dimension': dimension");
    assertThatThrownBy(() -> builder.label("recorder", EventMetricsTest::outcome))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'recorder': key");
    assertThatThrownBy(() -> builder.label("le", EventMetricsTest::outcome))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("'le': key");
    assertThatThrownBy(() -> builder.label("outcome", EventMetricsTest::outcome, "success", null))
        .isInstanceOf(NullPointerException.class).hasMessage("knownValues[1]");
    assertThatThrownBy(() -> builder.sum("total", null))
        .isInstanceOf(NullPointerException.class).hasMessage("field");
    assertThatThrownBy(() -> builder.histogram("duration", Saved::seconds, () -> null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("histograms");
    assertThatThrownBy(() -> builder.description(null)).isInstanceOf(NullPointerException.class).hasMessage("description");
  }

  @Test
  void readyMetrics_runInARecorder_likeAnyMetric() {
    try (MetricsRuntime runtime = new MetricsRuntime("ready.metrics")) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("storage");
      recorder.registerMetric(EventMetrics.builder("saves", Saved.class)
          .label("outcome", EventMetricsTest::outcome, "success", "failure").count());
      recorder.registerMetric(EventMetrics.builder("save", Saved.class).unit("s")
          .histogram("duration", Saved::seconds, Histogram::defaultLatencySeconds));

      recorder.registerEvent(new Saved(true, 0.01));
      recorder.registerEvent(new Saved(false, 0.2));
      recorder.registerEvent(new Saved(true, 0.03));

      Map<String, MetricSnapshot> snapshots = recorder.getMetricSnapshots();
      assertThat(snapshots.get("saves").asMap()).isEqualTo(Map.of("name", "saves", "dimensions",
          Map.of("total{outcome=success}", 2.0, "total{outcome=failure}", 1.0)));
      assertThat(snapshots.get("save").values().get(0).histogram().orElseThrow().count()).isEqualTo(3);
      assertThat(recorder.stats().handlerErrors()).isZero();
    }
  }
}
