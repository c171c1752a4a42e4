package io.mvx.metrics.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.snapshot.Exemplar;
import io.mvx.metrics.snapshot.HistogramValue;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The last good cut, kept compactly, gives back snapshots equal to the cut's, in their order. */
class RetainedCutTest {

  private static MetricSnapshot counter(String name, double value) {
    return MetricSnapshot.builder(name).description("saves").unit("seconds").counter("total", value)
        .gauge("open", value / 2, Map.of("state", "idle")).build();
  }

  @Test
  void everyRecorderComesBackEqual_sharedShapesDifferentNumbers_histogramsAndExemplarsWhole() {
    RuntimeSnapshot.Builder builder = RuntimeSnapshot.builder("retained", 4);
    for (int i = 0; i < 1_000; i++) {
      builder.recorder("connection-" + i, Map.of("events", counter("events", i)));
    }
    Map<String, MetricSnapshot> mixed = new LinkedHashMap<>();
    mixed.put("latency", MetricSnapshot.builder("latency")
        .histogram("seconds", HistogramValue.of(new double[] {0.1, 1}, new long[] {1, 2, 0}, 1.5))
        .counter("errors", 3)
        .counter("traced", 2, Map.of(), new Exemplar("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", 1, 1_700_000_000_000L))
        .build());
    mixed.put("events", counter("events", 7));
    builder.recorder("storage", mixed);
    builder.recorder("empty", Map.of());
    RuntimeSnapshot cut = builder.build(RuntimeStats.empty());

    RetainedCut retained = RetainedCut.of(cut);

    for (Map.Entry<String, Map<String, MetricSnapshot>> recorder : cut.recorders().entrySet()) {
      Map<String, MetricSnapshot> back = retained.recorder(recorder.getKey());
      assertThat(back).isEqualTo(recorder.getValue());
      assertThat(List.copyOf(back.keySet())).isEqualTo(List.copyOf(recorder.getValue().keySet()));
    }
    assertThat(retained.recorder("connection-1000")).isNull();
  }
}
