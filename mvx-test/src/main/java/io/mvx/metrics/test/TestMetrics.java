package io.mvx.metrics.test;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Small metrics and events the tests of every module share. */
public final class TestMetrics {

  private TestMetrics() {}

  /**
   * A metric that ignores events and always snapshots the values {@code values} adds.
   *
   * @param name the metric name
   * @param values adds the values to the snapshot builder
   * @return the metric
   */
  public static Metric fixed(String name, UnaryOperator<MetricSnapshot.Builder> values) {
    return new FixedMetric(values.apply(MetricSnapshot.builder(name)).build());
  }

  /**
   * A metric whose snapshot always throws: the core isolates it, the adapters must carry on.
   *
   * @param name the metric name
   * @return the metric
   */
  public static Metric throwingSnapshot(String name) {
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
        throw new IllegalStateException("broken snapshot of " + name);
      }
    };
  }

  /** A gauge {@code calls} that counts how often it was snapshotted: one runtime snapshot asks once. */
  public static final class SnapshotCounting implements Metric {
    private final AtomicInteger calls = new AtomicInteger();
    private final String name;

    /**
     * A counting metric.
     *
     * @param name the metric name
     */
    public SnapshotCounting(String name) {
      this.name = name;
    }

    /**
     * How often the metric was snapshotted so far.
     *
     * @return the number of snapshots
     */
    public int calls() {
      return calls.get();
    }

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
      return MetricSnapshot.builder(name).gauge("calls", calls.incrementAndGet()).build();
    }
  }

  /**
   * A metric whose {@code handleEvent} holds the processing thread until {@link #release()} counts down,
   * so that snapshots time out; its snapshot is the counter {@code handled_total}.
   */
  public static final class Blocking implements Metric {
    private final CountDownLatch entered = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final String name;
    private long handled;

    /**
     * A blocking metric.
     *
     * @param name the metric name
     */
    public Blocking(String name) {
      this.name = name;
    }

    /**
     * Counted down when an event holds the processing thread.
     *
     * @return the latch
     */
    public CountDownLatch entered() {
      return entered;
    }

    /**
     * Count it down to let the processing thread go on.
     *
     * @return the latch
     */
    public CountDownLatch release() {
      return release;
    }

    @Override
    public String metricName() {
      return name;
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      entered.countDown();
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      handled++;
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(name).counter("handled_total", handled).build();
    }
  }

  /** An event no test metric in particular wants. */
  public record Ping() implements MetricEvent {
    @Override
    public String eventType() {
      return "test.ping";
    }
  }
}
