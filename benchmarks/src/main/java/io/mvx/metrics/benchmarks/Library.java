package io.mvx.metrics.benchmarks;

import org.openjdk.jmh.infra.BenchmarkParams;

/** The library a benchmark method measures, read from its name ({@code mvx_t1} measures {@code mvx}). */
final class Library {

  private Library() {}

  /** The method name up to its first {@code _}: {@code mvx}, {@code micrometer}, {@code otel}, ... */
  static String of(BenchmarkParams params) {
    String benchmark = params.getBenchmark();
    String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
    int underscore = method.indexOf('_');
    return underscore < 0 ? method : method.substring(0, underscore);
  }
}
