package io.mvx.metrics.benchmarks;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxCollector;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.common.TextFormat;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * One runtime holding 1,000,000 recorders with one counter each, scraped whole through each Prometheus
 * exporter: the time of a scrape, the bytes allocated per scrape (every thread, so the runtime snapshot built
 * on the processing thread counts), and the peak heap during the scrape above the heap retained before it.
 *
 * <p>Run: {@code java -Xmx8g -XX:+UseParallelGC -cp benchmarks/target/benchmarks.jar
 * io.mvx.metrics.benchmarks.MillionRecorders [recorders]}. ParallelGC's young collections keep the peak
 * figure close to what a scrape really needs at once.
 */
public final class MillionRecorders {

  private static final int SCRAPES = 5;

  private MillionRecorders() {}

  public static void main(String[] args) throws IOException {
    int recorders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    MetricsRuntime runtime = MetricsRuntime.builder("fleet")
        .maxRecorders(recorders)
        .defaultOverflowPolicy(OverflowPolicy.DROP)
        .logPolicy(LogPolicy.SILENT)
        .build();
    runtime.start();
    long created = System.nanoTime();
    for (int i = 0; i < recorders; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("connection-" + i);
      recorder.registerMetric(new CounterMetric());
      recorder.registerEvent(CountEvent.INSTANCE);
    }
    System.out.printf(Locale.ROOT, "%,d recorders created in %.1f s; heap retained %,d MB%n", recorders,
        (System.nanoTime() - created) / 1e9, retainedHeap() >> 20);

    CollectorRegistry simpleclient = new CollectorRegistry();
    new MvxCollector(runtime).register(simpleclient);
    CountingWriter writer = new CountingWriter();
    measure("mvx-prometheus (simpleclient 0.16, text 0.0.4)", () -> {
      TextFormat.write004(writer, simpleclient.metricFamilySamples());
      return writer.takeChars();
    });

    PrometheusRegistry registry = new PrometheusRegistry();
    registry.register(new MvxMultiCollector(runtime));
    PrometheusTextFormatWriter textWriter = PrometheusTextFormatWriter.create();
    Counting out = new Counting();
    measure("mvx-prometheus-metrics (client_java 1.x, text 0.0.4)", () -> {
      textWriter.write(out, registry.scrape());
      return out.take();
    });
    runtime.shutdown();
  }

  private interface Scrape {
    long run() throws IOException;
  }

  private static void measure(String exporter, Scrape scrape) throws IOException {
    scrape.run(); // warm-up, and caches a first scrape builds
    long retained = retainedHeap();
    long bestNanos = Long.MAX_VALUE;
    long allocated = 0;
    long peak = 0;
    long size = 0;
    for (int i = 0; i < SCRAPES; i++) {
      resetPeaks();
      long allocatedBefore = allocatedByAllThreads();
      long start = System.nanoTime();
      size = scrape.run();
      bestNanos = Math.min(bestNanos, System.nanoTime() - start);
      allocated = allocatedByAllThreads() - allocatedBefore;
      peak = Math.max(peak, peakHeap());
    }
    System.out.printf(Locale.ROOT, "%s: %,d bytes per scrape; best of %d: %.0f ms; %,d MB allocated per scrape;"
            + " peak heap %,d MB above the %,d MB retained%n", exporter, size, SCRAPES, bestNanos / 1e6,
        allocated >> 20, Math.max(0, peak - retained) >> 20, retained >> 20);
  }

  private static long retainedHeap() {
    return MemoryFootprint.usedAfterFullGc();
  }

  private static void resetPeaks() {
    retainedHeap();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  /** The sum of the heap pools' peaks since {@link #resetPeaks()}: an upper bound of the heap used at once. */
  private static long peakHeap() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }

  private static long allocatedByAllThreads() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long total = 0;
    for (long allocated : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
      total += Math.max(0, allocated);
    }
    return total;
  }

  /** Discards and counts. */
  private static final class Counting extends OutputStream {
    private long bytes;

    @Override
    public void write(int b) {
      bytes++;
    }

    @Override
    public void write(byte[] buffer, int offset, int length) {
      bytes += length;
    }

    long take() {
      long taken = bytes;
      bytes = 0;
      return taken;
    }
  }
}
