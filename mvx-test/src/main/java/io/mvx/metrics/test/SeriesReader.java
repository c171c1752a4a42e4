package io.mvx.metrics.test;

import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What one collection of one adapter exported, looked up by the MVX identity of a series. Each
 * implementation applies the export mapping's naming rules itself, independently of the adapter under test.
 */
public interface SeriesReader {

  /**
   * The exported value of {@code value} of {@code metric} in recorder {@code recorderId}; for a histogram,
   * its exported count.
   *
   * @param recorderId the recorder
   * @param metric the metric's snapshot (its name and unit)
   * @param value the value
   * @return the exported value, or empty when it is not exported
   */
  OptionalDouble value(String recorderId, MetricSnapshot metric, MetricValue value);

  /**
   * The exported histogram of HISTOGRAM {@code value} of {@code metric} in recorder {@code recorderId}: count,
   * sum (in the snapshot's unit) and the buckets the backend carries.
   *
   * @param recorderId the recorder
   * @param metric the metric's snapshot (its name and unit)
   * @param value a histogram value
   * @return the exported histogram, or empty when it is not exported (or this reader cannot read histograms)
   */
  default Optional<ExportedHistogram> histogram(String recorderId, MetricSnapshot metric, MetricValue value) {
    return Optional.empty();
  }

  /**
   * The exported runtime statistic: {@code accepted}, {@code dropped}, {@code rejected},
   * {@code processed}, {@code handler_errors}, {@code pending} or {@code recorders}.
   *
   * @param stat the statistic
   * @return its value, or empty when it is not exported
   */
  OptionalDouble runtimeStat(String stat);

  /**
   * The adapter's skip counter for one reason, e.g. {@code kind_conflict}.
   *
   * @param reason the reason label
   * @return the count, or empty when it is not exported
   */
  OptionalDouble skipped(String reason);

  /**
   * How many exported series carry {@code recorder=recorderId}.
   *
   * @param recorderId the recorder
   * @return the number of series
   */
  long seriesOf(String recorderId);
}
