package io.mvx.metrics.integration;

import io.mvx.metrics.snapshot.MetricValue;
import java.util.OptionalDouble;

/**
 * What one collection of one adapter exported, looked up by the MVX identity of a series. Each
 * implementation applies API.md §5's naming rules itself, independently of the adapter under test.
 */
interface SeriesReader {

  /** The exported value of {@code value} of metric {@code metricName} in recorder {@code recorderId}. */
  OptionalDouble value(String recorderId, String metricName, MetricValue value);

  /**
   * The exported runtime statistic: {@code accepted}, {@code dropped}, {@code rejected},
   * {@code processed}, {@code handler_errors}, {@code pending} or {@code recorders}.
   */
  OptionalDouble runtimeStat(String stat);
}
