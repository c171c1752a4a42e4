package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.TestMetrics.CountingMetric;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValidationTest {

  private MetricsRuntime runtime;

  @AfterEach
  void shutdown() {
    if (runtime != null) {
      runtime.shutdown();
    }
  }

  @Test
  void namespace_null_isNamedInTheNullPointerException() {
    assertThatThrownBy(() -> new MetricsRuntime(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("namespace");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\t"})
  void namespace_blank_isRejectedWithTheValue(String namespace) {
    assertThatThrownBy(() -> MetricsRuntime.builder(namespace))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("namespace must not be blank");
  }

  @Test
  void namespace_controlCharacter_isRejectedAndEscapedInTheMessage() {
    assertThatThrownBy(() -> new MetricsRuntime("bad\nname"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'bad\\u000aname': namespace must not contain control characters");
  }

  @Test
  void recorderId_isTrimmedAndRejectsBlankAndControlCharacters() {
    runtime = TestMetrics.started("recorder.ids");
    assertThat(runtime.createRecorder("  conn-1 ").recorderId()).isEqualTo("conn-1");
    assertThat(runtime.getRecorder("conn-1 ").recorderId()).isEqualTo("conn-1");
    assertThatThrownBy(() -> runtime.createRecorder(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'': recorderId must not be blank");
    assertThatThrownBy(() -> runtime.createRecorder("a\u0007b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("recorderId must not contain control characters");
    assertThatThrownBy(() -> runtime.createRecorder(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("recorderId");
  }

  @Test
  void recorderId_withAnUnpairedSurrogate_isRejected_whileEmojiAreFine() {
    runtime = TestMetrics.started("recorder.unicode");
    assertThatThrownBy(() -> runtime.createRecorder("conn-\uD800"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'conn-\\ud800': recorderId must be valid Unicode (unpaired surrogate \\ud800 at index 5)");
    assertThat(runtime.createRecorder("conn-\uD83D\uDE00").recorderId()).isEqualTo("conn-\uD83D\uDE00");
  }

  @Test
  void recorderId_duplicate_isRecorderAlreadyExists() {
    runtime = TestMetrics.started("duplicate.ids");
    runtime.createRecorder("a");
    assertThatThrownBy(() -> runtime.createRecorder(" a"))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.RECORDER_ALREADY_EXISTS);
          assertThat(e.details()).containsEntry("recorderId", "a");
          assertThat(e.getMessage()).contains("'a'");
        });
  }

  @Test
  void recorderId_missing_isRecorderNotFound() {
    runtime = TestMetrics.started("missing.ids");
    for (Runnable call : new Runnable[] {
        () -> runtime.getRecorder("nope"),
        () -> runtime.stopRecorder("nope"),
        () -> runtime.stopAndRemoveRecorder("nope")}) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(MetricsException.class, e -> {
            assertThat(e.reasonCode()).isEqualTo(MetricsException.RECORDER_NOT_FOUND);
            assertThat(e.details()).containsEntry("recorderId", "nope");
          });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9lives", "has space", "dash-ed", "tot%al", "ünï"})
  void metricName_invalid_isRejectedAtRegistration(String name) {
    runtime = TestMetrics.started("metric.names");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    assertThatThrownBy(() -> recorder.registerMetric(new CountingMetric(name)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + name + "': metricName must match [a-zA-Z_][a-zA-Z0-9_.]*");
    assertThat(recorder.metrics()).isEmpty();
  }

  @Test
  void metricName_null_isNamed() {
    runtime = TestMetrics.started("metric.null");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    assertThatThrownBy(() -> recorder.registerMetric(new CountingMetric(null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metricName");
    assertThatThrownBy(() -> recorder.registerMetric(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("metric");
  }

  @Test
  void metricName_duplicateInOneRecorder_isMetricAlreadyRegistered() {
    runtime = TestMetrics.started("metric.duplicate");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    CountingMetric first = new CountingMetric("ticks");
    recorder.registerMetric(first);
    assertThatThrownBy(() -> recorder.registerMetric(new CountingMetric("ticks")))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.METRIC_ALREADY_REGISTERED);
          assertThat(e.details()).containsEntry("metricName", "ticks").containsEntry("recorderId", "a");
        });
    assertThat(recorder.metrics()).containsExactly(first);
    runtime.createRecorder("b").registerMetric(new CountingMetric("ticks"));
  }

  @Test
  void queueCapacity_belowOne_isRejected() {
    assertThatThrownBy(() -> MetricsRuntime.builder("q").defaultQueueCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0: defaultQueueCapacity must be >= 1");
    assertThatThrownBy(() -> RecorderOptions.builder().queueCapacity(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-5: queueCapacity must be >= 1");
    assertThatThrownBy(() -> MetricsRuntime.builder("q").eventBufferCapacity(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("0: eventBufferCapacity must be >= 1");
  }

  @Test
  void builder_nullsAndBadTimeout_areRejected() {
    MetricsRuntime.Builder builder = MetricsRuntime.builder("b");
    assertThatThrownBy(() -> builder.defaultOverflowPolicy(null)).hasMessage("defaultOverflowPolicy");
    assertThatThrownBy(() -> builder.logPolicy(null)).hasMessage("logPolicy");
    assertThatThrownBy(() -> builder.operationTimeout(null)).hasMessage("operationTimeout");
    assertThatThrownBy(() -> builder.operationTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PT0S: operationTimeout must be positive");
    assertThatThrownBy(() -> RecorderOptions.builder().listener(null)).hasMessage("listener");
    assertThatThrownBy(() -> RecorderOptions.builder().overflowPolicy(null)).hasMessage("overflowPolicy");
  }

  @Test
  void registerEvent_null_throwsNullPointerException() {
    runtime = TestMetrics.started("event.null");
    RuntimeRecorder recorder = runtime.createRecorder("a");
    assertThatThrownBy(() -> recorder.registerEvent(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("event");
    assertThatThrownBy(() -> MetricsRecorder.noop().registerEvent(null))
        .isInstanceOf(NullPointerException.class);
  }
}
