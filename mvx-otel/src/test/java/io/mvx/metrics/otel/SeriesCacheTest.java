package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.internal.export.SkipCounter;
import io.mvx.metrics.internal.export.SkipReason;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The series cache on its own: targets resolved once, refusals counted at every collection. */
class SeriesCacheTest {

  private final SdkMeterProvider provider = SdkMeterProvider.builder().build();
  private final OtelLog log = new OtelLog("cache");
  private final InstrumentRegistry registry = new InstrumentRegistry(provider.get("cache"), log);
  private final SkipCounter skipped = new SkipCounter();
  private final SeriesCache cache =
      new SeriesCache(registry, AttributeKey.stringKey("recorder"), log, skipped);

  @AfterEach
  void close() {
    registry.close();
    provider.close();
  }

  @Test
  void fill_resolvesEachSeriesOnce_andCountsARefusedValueAtEveryCollection() {
    RuntimeSnapshot snapshot = snapshot(Map.of(
        "a", metrics(MetricSnapshot.builder("queue").gauge("depth", 1).build(),
            MetricSnapshot.builder("_hidden").gauge("depth", 2).build())));

    cache.fill(snapshot, 1);
    cache.fill(snapshot, 2);

    assertThat(skipped.get(SkipReason.INVALID_NAME)).isEqualTo(2);
    assertThat(registry.size()).isEqualTo(1);
  }

  @Test
  void fill_countsAKindConflictAcrossRecorders_firstWins() {
    RuntimeSnapshot snapshot = snapshot(Map.of(
        "a", metrics(MetricSnapshot.builder("level").counter("value", 1).build()),
        "b", metrics(MetricSnapshot.builder("level").gauge("value", 2).build())));

    cache.fill(snapshot, 1);

    assertThat(skipped.get(SkipReason.KIND_CONFLICT)).isEqualTo(1);
  }

  @Test
  void fill_countsTheSameSeriesTwiceAsADuplicate_andAnotherSourceOfOneInstrumentAsANameConflict() {
    MetricSnapshot dotted = MetricSnapshot.builder("dup.a").gauge("b", 1).build(); // instrument dup.a.b
    MetricSnapshot split = MetricSnapshot.builder("dup").gauge("a.b", 2).build(); // instrument dup.a.b too
    Map<String, Map<String, MetricSnapshot>> recorders = new LinkedHashMap<>();
    recorders.put("both", metrics(dotted, split)); // recorder=both twice: the series itself is written twice
    recorders.put("other", metrics(MetricSnapshot.builder("dup").gauge("a.b", 3).build())); // another source
    RuntimeSnapshot snapshot = snapshot(recorders);

    cache.fill(snapshot, 1);

    assertThat(skipped.get(SkipReason.DUPLICATE_SERIES)).isEqualTo(1);
    assertThat(skipped.get(SkipReason.NAME_CONFLICT)).isEqualTo(1);
  }

  @Test
  void fill_forgetsRecordersMissingFromTheSnapshot() {
    cache.fill(snapshot(Map.of("gone", metrics(MetricSnapshot.builder("_bad").gauge("x", 1).build()))), 1);
    cache.fill(snapshot(Map.of()), 2);

    assertThat(skipped.get(SkipReason.INVALID_NAME)).isEqualTo(1);
  }

  private static Map<String, MetricSnapshot> metrics(MetricSnapshot... snapshots) {
    Map<String, MetricSnapshot> metrics = new LinkedHashMap<>();
    for (MetricSnapshot snapshot : snapshots) {
      metrics.put(snapshot.name(), snapshot);
    }
    return metrics;
  }

  private static RuntimeSnapshot snapshot(Map<String, Map<String, MetricSnapshot>> recorders) {
    return RuntimeSnapshot.of("cache", new LinkedHashMap<>(recorders), RuntimeStats.empty());
  }
}
