package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RecorderOptions;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile input to the setup API (jqwik, seeded): whatever the core's validation rejects is rejected with
 * {@link IllegalArgumentException} (or {@link NullPointerException} for null) whose message names the
 * argument and shows the value; everything else is accepted as it is (identifiers stripped).
 */
class HostileInputProperties {

  private static MetricsRuntime runtime;
  private static RuntimeRecorder recorder;
  private static final Set<String> registered = new HashSet<>();

  @BeforeContainer
  static void startRuntime() {
    runtime = MetricsRuntime.builder("reliability.hostile.input").logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    recorder = runtime.createRecorder("names");
  }

  @AfterContainer
  static void shutdownRuntime() {
    runtime.shutdown();
  }

  @Provide
  Arbitrary<String> anyText() {
    return HostileText.text();
  }

  @Provide
  Arbitrary<String> nameCandidates() {
    return HostileText.nameCandidates();
  }

  @Provide
  Arbitrary<String> labelKeyCandidates() {
    return HostileText.labelKeyCandidates();
  }

  @Provide
  Arbitrary<Double> anyDouble() {
    return Arbitraries.oneOf(List.of(Arbitraries.doubles(), Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, -1.0)));
  }

  @Property(tries = 400, seed = "20261125")
  void recorderId_isAcceptedStrippedOrRejectedNamingIt(@ForAll("anyText") String id) {
    boolean valid = HostileText.isValidIdentifier(id);
    Statistics.label("recorderId").collect(valid ? "accepted" : "rejected");
    if (valid) {
      RuntimeRecorder created = runtime.createRecorder(id);
      assertThat(created.recorderId()).isEqualTo(id.strip());
      assertThat(runtime.getRecorder(id)).isSameAs(created); // lookups strip the same way
      assertThat(runtime.stopAndRemoveRecorder(id)).isSameAs(created);
    } else {
      assertRejected(() -> runtime.createRecorder(id), "recorderId", id);
      assertRejected(() -> runtime.findRecorder(id), "recorderId", id);
    }
  }

  @Property(tries = 300, seed = "20261126")
  void namespace_isAcceptedStrippedOrRejectedNamingIt(@ForAll("anyText") String namespace) {
    boolean valid = HostileText.isValidIdentifier(namespace);
    Statistics.label("namespace").collect(valid ? "accepted" : "rejected");
    if (valid) {
      assertThat(MetricsRuntime.builder(namespace).build().namespace()).isEqualTo(namespace.strip());
    } else {
      assertRejected(() -> MetricsRuntime.builder(namespace), "namespace", namespace);
      assertRejected(() -> new MetricsRuntime(namespace), "namespace", namespace);
    }
  }

  @Property(tries = 400, seed = "20261127")
  void metricName_isAcceptedOnceOrRejectedNamingIt(@ForAll("nameCandidates") String name) {
    boolean valid = HostileText.isValidMetricName(name);
    Statistics.label("metricName").collect(valid ? "accepted" : "rejected");
    Metric metric = named(name);
    if (!valid) {
      assertRejected(() -> recorder.registerMetric(metric), "metricName", name);
      assertRejected(() -> MetricSnapshot.builder(name), "name", name);
    } else if (registered.add(name)) {
      recorder.registerMetric(metric);
      assertThat(recorder.metrics()).contains(metric);
    } else {
      assertThatThrownBy(() -> recorder.registerMetric(metric)).isInstanceOfSatisfying(MetricsException.class, e -> {
        assertThat(e.reasonCode()).isEqualTo(MetricsException.METRIC_ALREADY_REGISTERED);
        assertThat(e.details()).containsEntry("metricName", name);
      });
    }
  }

  @Property(tries = 300, seed = "20261128")
  void dimension_isAcceptedOrRejectedNamingIt(@ForAll("nameCandidates") String dimension) {
    boolean valid = HostileText.isValidMetricName(dimension);
    Statistics.label("dimension").collect(valid ? "accepted" : "rejected");
    if (valid) {
      MetricSnapshot snapshot = MetricSnapshot.builder("m").counter(dimension, 1).build();
      assertThat(snapshot.value(dimension)).hasValue(1);
      assertThat(MetricSnapshot.builder("m").gauge(dimension, -1).build().values()).hasSize(1);
    } else {
      assertRejected(() -> MetricSnapshot.builder("m").counter(dimension, 1), "dimension", dimension);
      assertRejected(() -> MetricSnapshot.builder("m").gauge(dimension, 1, Map.of("k", "v")), "dimension", dimension);
    }
  }

  @Property(tries = 300, seed = "20261129")
  void labelKey_isAcceptedOrRejectedNamingIt(@ForAll("labelKeyCandidates") String key) {
    boolean valid = HostileText.isValidLabelKey(key);
    Statistics.label("labelKey").collect(valid ? "accepted" : "rejected");
    if (valid) {
      MetricSnapshot snapshot = MetricSnapshot.builder("m").gauge("d", 1, Map.of(key, "v")).build();
      assertThat(snapshot.values().get(0).labels()).containsExactly(Map.entry(key, "v"));
    } else {
      assertRejected(() -> MetricSnapshot.builder("m").gauge("d", 1, Map.of(key, "v")), "label key", key);
      assertRejected(() -> new MetricValue("d", ValueKind.COUNTER, 1, Map.of(key, "v")), "label key", key);
    }
  }

  @Property(tries = 300, seed = "20261130")
  void labelValue_anyTextIsKeptExactly(@ForAll("anyText") String value) {
    MetricSnapshot snapshot = MetricSnapshot.builder("m").counter("d", 1, Map.of("k", value)).build();
    assertThat(snapshot.values().get(0).labels().get("k")).isEqualTo(value);
  }

  @Property(tries = 300, seed = "20261131")
  void counterValue_isAcceptedWhenFiniteAndNotNegative(@ForAll("anyDouble") double value) {
    boolean valid = Double.isFinite(value) && value >= 0;
    Statistics.label("counter").collect(valid ? "accepted" : "rejected");
    if (valid) {
      assertThat(MetricSnapshot.builder("m").counter("d", value).build().value("d")).hasValue(value);
    } else {
      Throwable thrown = catchThrowable(() -> MetricSnapshot.builder("m").counter("d", value));
      assertThat(thrown).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("counter value").hasMessageContaining(String.valueOf(value));
    }
    assertThat(MetricSnapshot.builder("m").gauge("d", value).build().values().get(0).value())
        .isEqualTo(Double.valueOf(value)); // boxed: NaN equals NaN
  }

  @Property(tries = 200, seed = "20261132")
  void queueCapacity_isAcceptedFromOne(@ForAll int capacity) {
    if (capacity >= 1) {
      RecorderOptions.builder().queueCapacity(capacity).build();
      MetricsRuntime.builder("n").defaultQueueCapacity(capacity).eventBufferCapacity(Math.min(capacity, 1 << 20));
    } else {
      for (Runnable setter : List.<Runnable>of(() -> RecorderOptions.builder().queueCapacity(capacity),
          () -> MetricsRuntime.builder("n").defaultQueueCapacity(capacity),
          () -> MetricsRuntime.builder("n").eventBufferCapacity(capacity))) {
        assertThat(catchThrowable(setter::run)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(String.valueOf(capacity)).hasMessageMatching("(?s).*([qQ]ueueCapacity|eventBufferCapacity).*");
      }
    }
  }

  @Example
  void nullArguments_throwNullPointerExceptionNamingTheArgument() {
    assertThatThrownBy(() -> runtime.createRecorder(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("recorderId");
    assertThatThrownBy(() -> runtime.createRecorder("x", null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("options");
    assertThatThrownBy(() -> MetricsRuntime.builder(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("namespace");
    assertThatThrownBy(() -> recorder.registerMetric(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("metric");
    assertThatThrownBy(() -> recorder.registerMetric(named(null))).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("metricName");
    assertThatThrownBy(() -> recorder.registerEvent(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("event");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> MetricSnapshot.builder("m").gauge("d", 1, nullValue))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("k");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").description(null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("description");
  }

  /** Rejected with an IllegalArgumentException whose message names {@code argument} and shows {@code value}. */
  private static void assertRejected(Runnable call, String argument, String value) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(IllegalArgumentException.class);
    assertThat(thrown.getMessage()).contains(argument).contains(HostileText.shown(value));
  }

  private static Metric named(String name) {
    return new Metric() {
      @Override
      public String metricName() {
        return name;
      }

      @Override
      public boolean handleEvent(MetricEvent event) {
        return false;
      }

      @Override
      public MetricSnapshot snapshot() {
        return MetricSnapshot.builder(name).build();
      }
    };
  }
}
