package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** {@link Histogram#record(double)} allocates nothing once its buckets have grown. */
class HistogramAllocationTest {

  private static final int RECORDS = 200_000;

  @Test
  void record_classic_allocatesNothing() {
    Histogram histogram = Histogram.defaultLatencySeconds();
    recordAll(histogram); // warm-up: JIT, class loading

    long allocated = allocatedBy(() -> recordAll(histogram));

    assertThat(allocated).as("bytes allocated by %d records", RECORDS).isLessThan(RECORDS);
    assertThat(histogram.count()).isEqualTo(2L * RECORDS);
  }

  @Test
  void record_exponential_allocatesNothingOnceItsRangeIsKnown() {
    Histogram histogram = Histogram.exponential(160, 0.01, 0.1, 1);
    recordAll(histogram); // grows the arrays and settles the scale

    long allocated = allocatedBy(() -> recordAll(histogram));

    assertThat(allocated).as("bytes allocated by %d records", RECORDS).isLessThan(RECORDS);
    assertThat(histogram.snapshot().exponential().orElseThrow().count()).isEqualTo(2L * RECORDS);
  }

  @Test
  void record_withExemplars_allocatesNothingOnceTheirStorageExists() throws Exception {
    long[] allocated = new long[1];
    Histogram histogram = Histogram.defaultLatencySeconds();
    io.mvx.metrics.internal.ProcessingThread thread = new io.mvx.metrics.internal.ProcessingThread(() -> {
      ((io.mvx.metrics.internal.ProcessingThread) Thread.currentThread())
          .trace(new TraceContext("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
      recordAll(histogram); // warm-up, and the exemplar storage is made
      allocated[0] = allocatedBy(() -> recordAll(histogram));
    }, "allocation.exemplars");
    thread.start();
    thread.join();

    assertThat(allocated[0]).as("bytes allocated by %d records with exemplars", RECORDS).isLessThan(RECORDS);
    io.mvx.metrics.snapshot.HistogramValue value = histogram.snapshot();
    for (int i = 0; i < value.bucketCount(); i++) {
      assertThat(value.exemplar(i).isPresent()).as("exemplar of bucket %d", i).isEqualTo(value.count(i) > 0);
    }
    assertThat(value.exemplars()).hasSizeGreaterThan(5);
  }

  /** Values from 0.1 ms to about 13 s, both signs and zero. */
  private static void recordAll(Histogram histogram) {
    double value = 1e-4;
    for (int i = 0; i < RECORDS; i++) {
      histogram.record(i % 7 == 0 ? -value : i % 11 == 0 ? 0 : value);
      value = value > 10 ? 1e-4 : value * 1.0001;
    }
  }

  private static long allocatedBy(Runnable work) {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(self);
    work.run();
    return threads.getThreadAllocatedBytes(self) - before;
  }
}
