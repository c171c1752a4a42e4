package io.mvx.metrics.prometheus;

import io.mvx.metrics.example.FixedMetric;
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** Small metrics for tests. */
final class TestMetrics {

  private TestMetrics() {}

  /** A metric that ignores events and always snapshots the values {@code values} adds. */
  static Metric fixed(String name, UnaryOperator<MetricSnapshot.Builder> values) {
    return new FixedMetric(values.apply(MetricSnapshot.builder(name)).build());
  }

  /** A metric whose snapshot always throws. */
  static Metric throwingSnapshot(String name) {
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

  /** A gauge that counts how often it was snapshotted. */
  static final class CountingMetric implements Metric {
    final AtomicInteger snapshots = new AtomicInteger();
    private final String name;

    CountingMetric(String name) {
      this.name = name;
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
      return MetricSnapshot.builder(name).gauge("snapshots", snapshots.incrementAndGet()).build();
    }
  }

  /** A metric whose handleEvent blocks the processing thread until {@link #release} counts down. */
  static final class BlockingMetric implements Metric {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public String metricName() {
      return "blocking";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      entered.countDown();
      try {
        release.await(1, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("blocking").gauge("value", 1).build();
    }
  }

  /** An event nobody in particular wants. */
  record Ping() implements MetricEvent {
    @Override
    public String eventType() {
      return "test.ping";
    }
  }
}
