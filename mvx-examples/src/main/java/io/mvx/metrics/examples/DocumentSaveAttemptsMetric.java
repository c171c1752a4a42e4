package io.mvx.metrics.examples;

// tag::save-attempts-metric[]
import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.snapshot.MetricSnapshot;
import java.util.Map;
// end::save-attempts-metric[]

/**
 * Save attempts, one counter labelled by outcome ({@code outcome="success"} or {@code "failure"}), as
 * Prometheus' own idiom has it: {@code sum} gives all attempts, a label matcher one outcome. Both outcomes
 * are exported from the start, at zero, so that a rate of either exists before its first event.
 */
// tag::save-attempts-metric[]
public final class DocumentSaveAttemptsMetric implements Metric {

  /** The label that carries the outcome. */
  public static final String OUTCOME = "outcome";

  private static final Map<String, String> SUCCESS = Map.of(OUTCOME, "success");
  private static final Map<String, String> FAILURE = Map.of(OUTCOME, "failure");

  private long success;
  private long failure;

  @Override
  public String metricName() {
    return "document_storage.save.attempts";
  }

  @Override
  public boolean handleEvent(MetricEvent event) {
    if (!(event instanceof DocumentSaveAttempt attempt)) {
      return false;
    }
    if (attempt.success()) {
      success++;
    } else {
      failure++;
    }
    return true;
  }

  @Override
  public MetricSnapshot snapshot() {
    return MetricSnapshot.builder(metricName())
        .description("Document save attempts by outcome")
        .counter("total", success, SUCCESS)
        .counter("total", failure, FAILURE)
        .build();
  }
}
// end::save-attempts-metric[]
