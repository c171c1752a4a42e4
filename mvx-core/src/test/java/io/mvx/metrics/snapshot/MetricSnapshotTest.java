package io.mvx.metrics.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricSnapshotTest {

  @Test
  void builder_keepsInsertionOrderAndDefaults() {
    MetricSnapshot snapshot = MetricSnapshot.builder("document_storage.save.attempts")
        .counter("total", 3)
        .counter("success_total", 2)
        .gauge("ratio", 0.5)
        .build();

    assertThat(snapshot.name()).isEqualTo("document_storage.save.attempts");
    assertThat(snapshot.description()).isEmpty();
    assertThat(snapshot.unit()).isEmpty();
    assertThat(snapshot.values()).extracting(MetricValue::dimension)
        .containsExactly("total", "success_total", "ratio");
    assertThat(snapshot.values()).extracting(MetricValue::kind)
        .containsExactly(ValueKind.COUNTER, ValueKind.COUNTER, ValueKind.GAUGE);
    assertThat(snapshot.value("success_total")).hasValue(2);
    assertThat(snapshot.value("missing")).isEmpty();
  }

  @Test
  void asMap_hasTheSeedShape_withLabelledKeys() {
    MetricSnapshot snapshot = MetricSnapshot.builder("tcp_stream.bytes")
        .counter("total", 10)
        .counter("by_direction", 7, Map.of("direction", "in", "ip", "v4"))
        .build();

    Map<String, Object> map = snapshot.asMap();

    assertThat(map).containsOnlyKeys("name", "dimensions").containsEntry("name", "tcp_stream.bytes");
    assertThat(map.get("dimensions")).isEqualTo(
        Map.of("total", 10.0, "by_direction{direction=in,ip=v4}", 7.0));
    assertThatThrownBy(() -> map.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void value_ignoresLabelledValues() {
    MetricSnapshot snapshot = MetricSnapshot.builder("m")
        .counter("bytes", 7, Map.of("direction", "in"))
        .build();
    assertThat(snapshot.value("bytes")).isEmpty();
  }

  @Test
  void counter_mustBeFiniteAndNotNegative() {
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("total", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("-1.0: counter value of dimension 'total' must be finite and >= 0");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("total", Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("total", Double.POSITIVE_INFINITY))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(MetricSnapshot.builder("m").gauge("level", Double.NaN).build().value("level"))
        .hasValue(Double.NaN);
  }

  @Test
  void names_dimensionsAndLabelKeys_areValidated() {
    assertThatThrownBy(() -> MetricSnapshot.builder("bad name"))
        .hasMessage("'bad name': name must match [a-zA-Z_][a-zA-Z0-9_.]*");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("1x", 1))
        .hasMessage("'1x': dimension must match [a-zA-Z_][a-zA-Z0-9_.]*");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("x", 1, Map.of("a.b", "v")))
        .hasMessage("'a.b': label key must match [a-zA-Z_][a-zA-Z0-9_]*");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("x", 1, Map.of("recorder", "v")))
        .hasMessage("'recorder': label key is reserved for the recorder id");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("x", 1, Map.of("__name__", "v")))
        .hasMessage("'__name__': label key must not start with __ (reserved by Prometheus)");
    Map<String, String> nullValue = new LinkedHashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("x", 1, nullValue))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("value of label k");
  }

  @Test
  void oneDimension_keepsOneKindOneLabelSetAndNoDuplicates() {
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("x", 1).gauge("x", 1, Map.of("a", "1")))
        .hasMessageContaining("dimension 'x' of m is already a COUNTER");
    assertThatThrownBy(() -> MetricSnapshot.builder("m")
            .counter("x", 1, Map.of("a", "1")).counter("x", 1, Map.of("b", "1")))
        .hasMessageContaining("label keys of dimension 'x' of m must be [a]");
    assertThatThrownBy(() -> MetricSnapshot.builder("m").counter("x", 1).counter("x", 2))
        .hasMessageContaining("x: value of m is already present");
    assertThat(MetricSnapshot.builder("m")
        .counter("x", 1, Map.of("a", "1")).counter("x", 2, Map.of("a", "2")).build().values())
        .hasSize(2);
  }

  @Test
  void snapshots_areValueBased() {
    MetricSnapshot a = MetricSnapshot.builder("m").unit("By").counter("x", 1, Map.of("b", "2", "a", "1")).build();
    MetricSnapshot b = MetricSnapshot.builder("m").unit("By").counter("x", 1, new LinkedHashMap<>(
        Map.of("a", "1", "b", "2"))).build();
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.values().get(0).labels().keySet()).containsExactly("a", "b");
    assertThatThrownBy(() -> a.values().add(a.values().get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void runtimeSnapshot_copiesAndKeepsOrder() {
    Map<String, Map<String, MetricSnapshot>> recorders = new LinkedHashMap<>();
    recorders.put("b", Map.of());
    recorders.put("a", Map.of("m", MetricSnapshot.builder("m").build()));
    RuntimeSnapshot snapshot = RuntimeSnapshot.of("ns", recorders, RuntimeStats.empty());
    recorders.clear();

    assertThat(snapshot.recorders().keySet()).containsExactly("b", "a");
    assertThat(snapshot.namespace()).isEqualTo("ns");
    assertThat(RuntimeSnapshot.empty("ns", RuntimeStats.empty()).recorders()).isEmpty();
  }

  @Test
  void stats_rejectNegativeCounts() {
    assertThatThrownBy(() -> new RecorderStats(-1, 0, 0, 0, 0, 0))
        .hasMessage("-1: accepted must be >= 0");
    assertThatThrownBy(() -> new RuntimeStats(0, 0, 0, 0, 0, 0, -2))
        .hasMessage("-2: recorders must be >= 0");
  }
}
