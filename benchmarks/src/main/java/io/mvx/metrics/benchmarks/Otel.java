package io.mvx.metrics.benchmarks;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.CollectionRegistration;
import io.opentelemetry.sdk.metrics.export.MetricReader;

/**
 * An OpenTelemetry SDK meter provider with a pull reader (cumulative, like a Prometheus scrape). Without a
 * registered reader the SDK hands out no-op instruments, so a reader is needed for a fair comparison. The
 * cardinality limit is raised from the SDK's default 2,000 so 10,000 and 100,000 attribute sets are real
 * series instead of the overflow series.
 */
final class Otel implements MetricReader {

  static final int CARDINALITY_LIMIT = 200_000;

  private volatile CollectionRegistration registration = CollectionRegistration.noop();

  static Otel create() {
    return new Otel();
  }

  SdkMeterProvider provider() {
    return SdkMeterProvider.builder().registerMetricReader(this, type -> CARDINALITY_LIMIT).build();
  }

  /** The sum of every point of the long counter called {@code name}, and the number of its points. */
  long[] sumAndPoints(String name) {
    long sum = 0;
    long points = 0;
    for (MetricData metric : registration.collectAllMetrics()) {
      if (metric.getName().equals(name)) {
        for (LongPointData point : metric.getLongSumData().getPoints()) {
          sum += point.getValue();
          points++;
        }
      }
    }
    return new long[] {sum, points};
  }

  /** The total count of every point of the histogram called {@code name}, and the number of its points. */
  long[] histogramCountAndPoints(String name) {
    long count = 0;
    long points = 0;
    for (MetricData metric : registration.collectAllMetrics()) {
      if (metric.getName().equals(name)) {
        for (HistogramPointData point : metric.getHistogramData().getPoints()) {
          count += point.getCount();
          points++;
        }
      }
    }
    return new long[] {count, points};
  }

  @Override
  public void register(CollectionRegistration collectionRegistration) {
    this.registration = collectionRegistration;
  }

  @Override
  public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
    return AggregationTemporality.CUMULATIVE;
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
