package io.mvx.metrics;

import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/** Small metrics and events the core tests share. */
final class TestMetrics {

  private TestMetrics() {}

  /** An event carrying a number. */
  record Tick(long value) implements MetricEvent {
    @Override
    public String eventType() {
      return "test.tick";
    }
  }

  /** An event no test metric accepts. */
  record Unrelated() implements MetricEvent {
    @Override
    public String eventType() {
      return "test.unrelated";
    }
  }

  /** Counts ticks and sums their values; remembers their order when asked to. */
  static class CountingMetric implements Metric {
    private final String name;
    long count;
    long sum;
    final List<Long> seen;

    CountingMetric(String name) {
      this(name, false);
    }

    CountingMetric(String name, boolean rememberOrder) {
      this.name = name;
      this.seen = rememberOrder ? new ArrayList<>() : null;
    }

    @Override
    public String metricName() {
      return name;
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (!(event instanceof Tick tick)) {
        return false;
      }
      count++;
      sum += tick.value();
      if (seen != null) {
        seen.add(tick.value());
      }
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder(name).counter("count", count).counter("sum", sum).build();
    }
  }

  /** Blocks the processing thread in handleEvent until released. */
  static final class BlockingMetric implements Metric {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    long count;

    @Override
    public String metricName() {
      return "blocking";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
      count++;
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      return MetricSnapshot.builder("blocking").counter("count", count).build();
    }
  }

  /** Throws from handleEvent, snapshot, or both. */
  static final class ThrowingMetric implements Metric {
    private final boolean onEvent;
    private final boolean onSnapshot;

    ThrowingMetric(boolean onEvent, boolean onSnapshot) {
      this.onEvent = onEvent;
      this.onSnapshot = onSnapshot;
    }

    @Override
    public String metricName() {
      return "throwing";
    }

    @Override
    public boolean handleEvent(MetricEvent event) {
      if (onEvent) {
        throw new IllegalStateException("handleEvent is broken");
      }
      return true;
    }

    @Override
    public MetricSnapshot snapshot() {
      if (onSnapshot) {
        throw new IllegalStateException("snapshot is broken");
      }
      return MetricSnapshot.builder("throwing").gauge("ok", 1).build();
    }
  }

  static MetricsRuntime started(String namespace) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    return runtime;
  }

  static double value(MetricsRecorder recorder, String metric, String dimension) {
    return recorder.getMetricSnapshots().get(metric).value(dimension).orElseThrow();
  }
}
