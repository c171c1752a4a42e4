package io.mvx.metrics.benchmarks;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.util.Arrays;
import java.util.Locale;

/**
 * How long creating many entities takes: {@code N} recorders, each with a counter and one event (MVX), against
 * {@code N} tagged counters registered and incremented (Micrometer's {@code PrometheusMeterRegistry}), in one
 * JVM, alternating, five rounds each in a fresh runtime or registry; prints every round and the median. MVX
 * rounds end when the processing thread has taken every event (a snapshot), so the figure includes the work
 * the creations handed it.
 *
 * <p>Run: {@code java -Xms8g -Xmx8g -cp benchmarks/target/benchmarks.jar io.mvx.metrics.benchmarks.CreateEntities
 * [entities, default 200000]}.
 */
@SuppressWarnings("deprecation") // Micrometer's simpleclient flavour, see the module pom
public final class CreateEntities {

  private static final int ROUNDS = 5;

  private CreateEntities() {}

  public static void main(String[] args) {
    int entities = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    double[] mvx = new double[ROUNDS];
    double[] micrometer = new double[ROUNDS];
    for (int round = 0; round < ROUNDS; round++) {
      mvx[round] = mvx(entities);
      micrometer[round] = micrometer(entities);
      System.out.printf(Locale.ROOT, "round %d: mvx %.3f s, micrometer %.3f s%n", round + 1, mvx[round],
          micrometer[round]);
    }
    double mvxMedian = median(mvx);
    double micrometerMedian = median(micrometer);
    System.out.printf(Locale.ROOT, "%,d entities, median of %d: mvx %.3f s, micrometer %.3f s, ratio %.2f%n",
        entities, ROUNDS, mvxMedian, micrometerMedian, mvxMedian / micrometerMedian);
  }

  private static double mvx(int entities) {
    MetricsRuntime runtime = MetricsRuntime.builder("create").maxRecorders(entities).build();
    runtime.start();
    long start = System.nanoTime();
    for (int i = 0; i < entities; i++) {
      RuntimeRecorder recorder = runtime.createRecorder("connection-" + i);
      recorder.registerMetric(new CounterMetric());
      recorder.registerEvent(CountEvent.INSTANCE);
    }
    runtime.snapshot(); // the processing thread has caught up
    double seconds = (System.nanoTime() - start) / 1e9;
    Check.equal("dropped events", 0, runtime.stats().dropped());
    Check.equal("processed events", entities, runtime.stats().processed());
    runtime.shutdown();
    return seconds;
  }

  private static double micrometer(int entities) {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    long start = System.nanoTime();
    for (int i = 0; i < entities; i++) {
      Counter.builder("bench.connection.events").tag("connection", "connection-" + i).register(registry).increment();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    registry.close();
    return seconds;
  }

  private static double median(double[] values) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }
}
