package io.mvx.metrics.benchmarks;

import java.lang.reflect.Method;
import org.openjdk.jmh.infra.BenchmarkParams;

/** The library a benchmark method measures, as its {@link Measures} annotation declares it. */
enum Library {
  MVX,
  MICROMETER,
  OTEL,
  SIMPLECLIENT,
  /** Prometheus client_java 1.x ({@code prometheus-metrics-*}). */
  PROMETHEUS_METRICS;

  /** The library the running benchmark method declares with {@link Measures}. */
  static Library of(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    int dot = benchmark.lastIndexOf('.');
    String methodName = benchmark.substring(dot + 1);
    try {
      for (Method method : Class.forName(benchmark.substring(0, dot)).getMethods()) {
        Measures measures = method.getAnnotation(Measures.class);
        if (method.getName().equals(methodName) && measures != null) {
          return measures.value();
        }
      }
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(benchmark + ": benchmark class not found", e);
    }
    throw new IllegalStateException(benchmark + ": benchmark method has no @Measures");
  }
}
