package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RecorderStats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.TestMetrics.CountingMetric;
import io.mvx.metrics.TestMetrics.Tick;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecorderLifecycleTest {

  private MetricsRuntime runtime;

  @BeforeEach
  void start() {
    runtime = TestMetrics.started("recorder.lifecycle");
  }

  @AfterEach
  void shutdown() {
    runtime.shutdown();
  }

  @Test
  void createRecorder_isRunningAndListedInCreationOrder() {
    RuntimeRecorder b = runtime.createRecorder("b");
    runtime.createRecorder("a");
    runtime.createRecorder("c");

    assertThat(b.getStatus()).isEqualTo(MetricsRecorderState.RUNNING);
    assertThat(runtime.listRecorderIds()).containsExactly("b", "a", "c");
    assertThat(runtime.getRecorder("b")).isSameAs(b);
    assertThat(runtime.snapshot().recorders()).containsOnlyKeys("b", "a", "c");
    assertThat(List.copyOf(runtime.snapshot().recorders().keySet())).containsExactly("b", "a", "c");
  }

  @Test
  void stop_drainsAcceptedEventsAndRejectsLaterOnes() throws Exception {
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new CountingMetric("ticks"));
    for (int i = 0; i < 1_000; i++) {
      recorder.registerEvent(new Tick(1));
    }

    recorder.stop().get();
    recorder.registerEvent(new Tick(1));

    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.STOPPED);
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(1_000);
    assertThat(recorder.stats().processed()).isEqualTo(1_000);
    assertThat(recorder.stats().rejected()).isEqualTo(1);
    assertThat(recorder.stats().accepted()).isEqualTo(1_000);
  }

  @Test
  void stoppedRecorder_restartsWithItsMetrics() throws Exception {
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(1));
    runtime.stopRecorder("a");
    runtime.stopRecorder("a"); // a no-op on a stopped recorder

    recorder.start().get();
    recorder.registerEvent(new Tick(1));

    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.RUNNING);
    assertThat(TestMetrics.value(recorder, "ticks", "count")).isEqualTo(2);
    assertThat(recorder.start()).isCompleted();
  }

  @Test
  void registerMetric_onStoppedRecorder_isInvalidRecorderState() throws Exception {
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.stop().get();
    assertThatThrownBy(() -> recorder.registerMetric(new CountingMetric("late")))
        .isInstanceOfSatisfying(MetricsException.class, e -> {
          assertThat(e.reasonCode()).isEqualTo(MetricsException.INVALID_RECORDER_STATE);
          assertThat(e.details()).containsEntry("recorderState", MetricsRecorderState.STOPPED);
        });
  }

  @Test
  void stopAndRemove_drainsRemovesAndKeepsTheFinalSnapshotReadable() {
    RuntimeRecorder recorder = runtime.createRecorder("a");
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(5));

    RuntimeRecorder removed = runtime.stopAndRemoveRecorder("a");

    assertThat(removed).isSameAs(recorder);
    assertThat(runtime.listRecorderIds()).isEmpty();
    assertThat(runtime.findRecorder("a")).isEmpty();
    assertThat(TestMetrics.value(removed, "ticks", "sum")).isEqualTo(5);
    assertThat(runtime.stats().accepted()).isEqualTo(1);
    assertThat(runtime.stats().recorders()).isZero();
    runtime.shutdown();
    assertThat(TestMetrics.value(removed, "ticks", "sum")).isEqualTo(5);
  }

  @Test
  void removedRecorder_cannotBeRestarted_andItsIdCanBeReused() {
    RuntimeRecorder recorder = runtime.createRecorder("a");
    runtime.stopAndRemoveRecorder("a");

    assertThatThrownBy(() -> recorder.start().join())
        .hasCauseInstanceOf(MetricsException.class)
        .cause()
        .satisfies(e -> assertThat(((MetricsException) e).reasonCode())
            .isEqualTo(MetricsException.INVALID_RECORDER_STATE));
    assertThat(runtime.createRecorder("a")).isNotSameAs(recorder);
  }

  @Test
  void stopAndRemove_concurrentRemovers_exactlyOneWins() throws Exception {
    runtime.createRecorder("a");
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<String>> removers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      removers.add(CompletableFuture.supplyAsync(() -> {
        try {
          go.await();
          runtime.stopAndRemoveRecorder("a");
          return "removed";
        } catch (MetricsException e) {
          return e.reasonCode();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    go.countDown();
    List<String> outcomes = new ArrayList<>();
    for (CompletableFuture<String> remover : removers) {
      outcomes.add(remover.get());
    }

    assertThat(outcomes).containsOnlyOnce("removed");
    assertThat(outcomes).filteredOn(o -> !o.equals("removed"))
        .hasSize(7)
        .containsOnly(MetricsException.RECORDER_NOT_FOUND);
  }

  @Test
  void onStartingThrows_putsTheRecorderIntoFailure_andItsEventsAreRejected() {
    CountDownLatch registered = new CountDownLatch(1);
    RecorderOptions options = RecorderOptions.builder()
        .listener(new RecorderListener() {
          @Override
          public void onStarting(String recorderId) {
            try {
              registered.await(); // until the metric and the first event are in: the order this test is about
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot open publisher");
          }
        })
        .build();

    RuntimeRecorder recorder = runtime.createRecorder("a", options); // returns at once: onStarting runs later
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(1));
    registered.countDown();

    assertThat(recorder.getMetricSnapshots().get("ticks").value("count")).hasValue(0);
    assertThat(recorder.getStatus()).isEqualTo(MetricsRecorderState.FAILURE);
    recorder.registerEvent(new Tick(1));
    RecorderStats stats = recorder.stats();
    assertThat(stats.rejected()).isEqualTo(2);
    assertThat(stats.accepted()).isEqualTo(stats.processed());
    assertThat(stats.handlerErrors()).isEqualTo(1);
    assertThat(runtime.listRecorderIds()).containsExactly("a");
  }


  @Test
  void listener_seesStartChangesAndStopInOrder() throws ExecutionException, InterruptedException {
    List<String> calls = new ArrayList<>();
    RecorderOptions options = RecorderOptions.builder()
        .listener(new RecorderListener() {
          @Override
          public void onStarting(String recorderId) {
            calls.add("starting " + recorderId);
          }

          @Override
          public void onMetricChanged(String recorderId, Metric metric, MetricEvent event) {
            calls.add("changed " + metric.metricName() + " " + ((Tick) event).value());
          }

          @Override
          public void onStopped(String recorderId) {
            calls.add("stopped " + recorderId);
          }
        })
        .build();
    RuntimeRecorder recorder = runtime.createRecorder("a", options);
    recorder.registerMetric(new CountingMetric("ticks"));
    recorder.registerEvent(new Tick(1));
    recorder.registerEvent(new TestMetrics.Unrelated());
    recorder.registerEvent(new Tick(2));

    recorder.stop().get();

    assertThat(calls).containsExactly("starting a", "changed ticks 1", "changed ticks 2", "stopped a");
  }

  @Test
  void registryListener_hearsCreationMetricsAndRemoval() {
    List<String> heard = new ArrayList<>();
    runtime.addRegistryListener(new RegistryListener() {
      @Override
      public void recorderCreated(RuntimeRecorder recorder) {
        heard.add("created " + recorder.recorderId());
      }

      @Override
      public void recorderRemoved(RuntimeRecorder recorder) {
        heard.add("removed " + recorder.recorderId());
      }

      @Override
      public void metricRegistered(RuntimeRecorder recorder, MetricSnapshot snapshot) {
        heard.add("metric " + recorder.recorderId() + " " + snapshot.name());
      }
    });
    runtime.createRecorder("a").registerMetric(new CountingMetric("ticks"));
    runtime.snapshot(); // the processing thread has announced a and its metric
    runtime.stopAndRemoveRecorder("a");
    runtime.createRecorder("b");
    runtime.shutdown();

    assertThat(heard).containsExactly("created a", "metric a ticks", "removed a", "created b", "removed b");
  }

  @Test
  void metrics_isACopyInRegistrationOrder() {
    RuntimeRecorder recorder = runtime.createRecorder("a");
    CountingMetric first = new CountingMetric("first");
    CountingMetric second = new CountingMetric("second");
    recorder.registerMetric(first);
    recorder.registerMetric(second);

    List<Metric> metrics = recorder.metrics();

    assertThat(metrics).containsExactly(first, second);
    assertThatThrownBy(() -> metrics.add(first)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(recorder.getMetricSnapshots().keySet()).containsExactly("first", "second");
  }

  @Test
  void noopRecorder_acceptsAndIgnores() {
    MetricsRecorder noop = MetricsRecorder.noop();
    noop.registerMetric(new CountingMetric("ticks"));
    noop.registerEvent(new Tick(1));
    assertThat(noop.getMetricSnapshots()).isEmpty();
    assertThat(noop.metrics()).isEmpty();
  }
}
