package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.mvx.metrics.snapshot.RecorderStats;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Virtual-thread producers (Java 21+): 10,000 of them emit to one recorder, every event is counted exactly
 * and the runtime keeps nothing of a producer once it has ended. The module compiles with {@code --release 17},
 * so the executor is looked up by a method handle; on Java 17 the test is skipped by an assumption.
 */
class VirtualThreadProducersTest {

  private static final int THREADS = 10_000;
  private static final int EVENTS_PER_THREAD = 20;

  /** Counts the ticks it receives. */
  static final class Count implements Metric {
    long events;

    @Override
    public String metricName() {
      return "ticks";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      events++;
      return true;
    }

    @Override
    public io.mvx.metrics.snapshot.MetricSnapshot snapshot() {
      return io.mvx.metrics.snapshot.MetricSnapshot.builder(metricName()).counter("total", events).build();
    }
  }

  record Tick() implements MetricEvent {
    @Override
    public String eventType() {
      return "test.tick";
    }
  }

  @Test
  void registerEvent_from10000VirtualThreads_countsEveryEventExactly_andKeepsNoEndedThread() throws Throwable {
    assumeThat(Runtime.version().feature()).as("virtual threads need Java 21+").isGreaterThanOrEqualTo(21);
    MethodHandle virtualExecutor = MethodHandles.publicLookup().findStatic(Executors.class,
        "newVirtualThreadPerTaskExecutor", MethodType.methodType(ExecutorService.class));
    long expected = (long) THREADS * EVENTS_PER_THREAD;

    List<WeakReference<Thread>> producers = new ArrayList<>(THREADS);
    try (MetricsRuntime runtime = MetricsRuntime.builder("virtual.metrics").logPolicy(LogPolicy.SILENT)
        .defaultQueueCapacity((int) expected).build()) {
      runtime.start();
      RuntimeRecorder recorder = runtime.createRecorder("shared");
      recorder.registerMetric(new Count());

      ExecutorService executor = (ExecutorService) virtualExecutor.invoke();
      try {
        for (int t = 0; t < THREADS; t++) {
          executor.submit(() -> {
            Thread self = Thread.currentThread();
            synchronized (producers) {
              producers.add(new WeakReference<>(self));
            }
            for (int i = 0; i < EVENTS_PER_THREAD; i++) {
              recorder.registerEvent(new Tick());
            }
          });
        }
      } finally {
        executor.shutdown();
      }
      assertThat(executor.awaitTermination(2, TimeUnit.MINUTES)).as("every producer ended").isTrue();

      assertThat(recorder.getMetricSnapshots().get("ticks").value("total")).hasValue(expected);
      RecorderStats stats = recorder.stats();
      assertThat(stats.accepted()).isEqualTo(expected);
      assertThat(stats.processed()).isEqualTo(expected);
      assertThat(stats.dropped()).isZero();
      assertThat(stats.rejected()).isZero();
      assertThat(stats.pending()).isZero();
      assertThat(producers).hasSize(THREADS);

      // while the runtime still runs, no ended producer stays reachable through it (a lane, a credit, a key)
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
        System.gc();
        return producers.stream().allMatch(ref -> ref.get() == null);
      });

      // and the recorder still takes events from a new producer
      recorder.registerEvent(new Tick());
      assertThat(recorder.getMetricSnapshots().get("ticks").value("total")).hasValue(expected + 1);
    }
  }
}
