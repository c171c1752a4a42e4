package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.test.TextExposition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import io.mvx.metrics.snapshot.ValueKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Hostile but accepted input (jqwik, seeded) through the three real adapters: every series renders as
 * valid Prometheus text whose recorder label round-trips exactly, as valid OpenTelemetry instruments or a
 * legitimate skip, and as Micrometer meters whose tags round-trip exactly.
 *
 * <p>The oracles follow the export mapping, worked out here independently of the adapters. Where the mapping makes two values collide (two names that sanitise
 * alike, {@code a.b}/{@code c} and {@code a}/{@code b.c}, a counter and a gauge under one name) an adapter
 * may export one of them or neither, but never a series that no value asked for, and never a wrong value for
 * a series only one value maps to; Prometheus must also account for every value, exported or counted in
 * {@code mvx_runtime_collector_skipped_total}.
 */
class HostileExportProperties {

  private static final Pattern OTEL_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.\\-/]{0,254}");
  private static final Set<String> RUNTIME_INSTRUMENTS = Set.of("mvx.runtime.events.accepted",
      "mvx.runtime.events.dropped", "mvx.runtime.events.rejected", "mvx.runtime.events.processed",
      "mvx.runtime.handler.errors", "mvx.runtime.events.pending", "mvx.runtime.recorders");
  private static final List<String> SKIP_REASONS = List.of("kind_conflict", "label_conflict", "name_conflict",
      "duplicate_series");

  /** Values checked, across all tries: [0] Prometheus exact, [1] Prometheus skipped and counted,
   *  [2] Micrometer exact, [3] Micrometer colliding, [4] OpenTelemetry exact, [5] OpenTelemetry skipped. */
  private static final AtomicLongArray checked = new AtomicLongArray(6);
  private static final AtomicLong scenarios = new AtomicLong();

  @AfterContainer
  static void reportFigures() {
    Figures.report("hostile-export", "%d scenarios; Prometheus %,d values exact, %,d skipped and counted; "
            + "Micrometer %,d exact, %,d colliding; OpenTelemetry %,d exact, %,d skipped (invalid name, NaN, "
            + "colliding)", scenarios.get(), checked.get(0), checked.get(1), checked.get(2), checked.get(3),
        checked.get(4), checked.get(5));
  }

  @Provide
  Arbitrary<Scenario> scenarios() {
    return Scenario.arbitrary();
  }

  @Property(tries = 400, seed = "20261201")
  void acceptedInput_rendersValidlyInEveryAdapter(@ForAll("scenarios") Scenario scenario) {
    MetricsRuntime runtime = MetricsRuntime.builder(scenario.namespace()).logPolicy(LogPolicy.SILENT)
        .maxLabelValueLength(1 << 20).build(); // hostile scenarios carry ids and label values past 1,024 characters
    runtime.start();
    scenarios.incrementAndGet();
    try (Adapters adapters = Adapters.attach(runtime, Duration.ZERO)) {
      scenario.populate(runtime); // after the adapters subscribed: their registry listeners see it all
      checkPrometheus(scenario, adapters);
      // a read refreshes the meter set; new metrics' meters come once the runtime announced them
      org.awaitility.Awaitility.await().untilAsserted(() -> {
        adapters.readMicrometer(true);
        checkMicrometer(scenario, adapters);
      });
      adapters.otel(); // instruments a collection discovers are exported from the next one on
      checkOtel(scenario, adapters.otel());
    } finally {
      runtime.shutdown();
    }
  }

  // ---- Prometheus ----

  private static void checkPrometheus(Scenario scenario, Adapters adapters) {
    String text = adapters.prometheusText();
    TextExposition exposition;
    try {
      exposition = TextExposition.parse(text);
    } catch (IllegalArgumentException e) {
      throw new AssertionError("invalid exposition: " + e.getMessage() + "\n" + text, e);
    }
    Map<Series, List<Double>> expected = new HashMap<>();
    Map<String, Set<String>> helps = new HashMap<>();
    int values = 0;
    for (Scenario.RecorderSpec recorder : scenario.recorders()) {
      for (MetricSnapshot metric : recorder.metrics()) {
        for (MetricValue value : metric.values()) {
          String name = prometheusName(scenario.exportedNamespace(), metric.name(), value.dimension());
          String unit = unitWord(metric.unit());
          String sample = value.kind() == ValueKind.COUNTER ? withUnit(counterFamily(name), unit) + "_total"
              : withUnit(name, unit);
          Map<String, String> labels = new HashMap<>(value.labels());
          labels.put("recorder", recorder.exportedId());
          expected.computeIfAbsent(new Series(sample, labels), k -> new ArrayList<>()).add(value.value());
          helps.computeIfAbsent(sample, k -> new HashSet<>())
              .add(metric.description().isEmpty() ? metric.name() : metric.description());
          values++;
        }
      }
    }
    int exported = 0;
    Set<String> recordersSeen = new HashSet<>();
    for (TextExposition.Family family : exposition.families()) {
      for (TextExposition.Sample sample : family.samples()) {
        if (!sample.labels().containsKey("recorder")) {
          continue; // the runtime's own statistics
        }
        exported++;
        List<Double> candidates = expected.get(new Series(sample.name(), sample.labels()));
        assertThat(candidates).as("a series no value asked for: %s", brief(sample)).isNotNull();
        assertThat(candidates).as("value of %s (exact, as text)", brief(sample)).contains(sample.value());
        assertThat(helps.get(sample.name())).as("HELP of %s", family.name()).contains(family.help());
        recordersSeen.add(sample.labels().get("recorder"));
      }
    }
    String namespace = scenario.exportedNamespace();
    assertThat(exposition.value("mvx_runtime_collector_skipped_total",
        Map.of("namespace", namespace, "reason", "snapshot_failed"))).hasValue(0);
    long skipped = 0;
    for (String reason : SKIP_REASONS) {
      skipped += (long) exposition.value("mvx_runtime_collector_skipped_total",
          Map.of("namespace", namespace, "reason", reason)).orElseThrow();
    }
    assertThat(exported + skipped).as("every value exported or counted as skipped").isEqualTo(values);
    checked.addAndGet(0, exported);
    checked.addAndGet(1, skipped);
    assertThat(recordersSeen).as("recorder label values, round-tripped through UTF-8 text")
        .isEqualTo(scenario.recorders().stream().map(Scenario.RecorderSpec::exportedId).collect(Collectors.toSet()));
    for (int i = 0; i < scenario.recorders().size(); i++) {
      assertThat(exposition.value(counterFamily(prometheusName(namespace, Scenario.ANCHOR, "events")) + "_total",
          Map.of("recorder", scenario.recorders().get(i).exportedId()))).hasValue(i);
    }
    Statistics.label("prometheus skipped").collect(skipped > 0);
  }

  /** {@code N_M_D}, every code point outside {@code [a-zA-Z0-9_:]} replaced by {@code _}. */
  static String prometheusName(String namespace, String metric, String dimension) {
    StringBuilder out = new StringBuilder();
    (namespace + "_" + metric + "_" + dimension).codePoints().forEach(c -> out.append(
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == ':'
            ? (char) c : '_'));
    if (out.charAt(0) >= '0' && out.charAt(0) <= '9') {
      out.insert(0, '_');
    }
    return out.toString();
  }

  /** The unit's word as API.md §5 appends it (the core's unit table and its sanitising of any other text). */
  static String unitWord(String unit) {
    return io.mvx.metrics.internal.export.PrometheusExportNames.unitSuffix(
        io.mvx.metrics.internal.export.ExportUnit.of(unit));
  }

  /** The name with the unit's word appended, unless it already ends with it. */
  static String withUnit(String name, String word) {
    return word.isEmpty() || name.endsWith("_" + word) ? name : name + "_" + word;
  }

  /** A counter family drops its trailing {@code _total}s; its sample is the family plus {@code _total}. */
  static String counterFamily(String name) {
    String family = name;
    while (family.endsWith("_total") && family.length() > "_total".length()) {
      family = family.substring(0, family.length() - "_total".length());
    }
    return family;
  }

  // ---- Micrometer ----

  private static void checkMicrometer(Scenario scenario, Adapters adapters) {
    Map<Series, List<Expected>> expected = new LinkedHashMap<>();
    for (Scenario.RecorderSpec recorder : scenario.recorders()) {
      for (MetricSnapshot metric : recorder.metrics()) {
        for (MetricValue value : metric.values()) {
          Map<String, String> tags = new HashMap<>(value.labels());
          tags.put("recorder", recorder.exportedId());
          String name = scenario.exportedNamespace() + "." + metric.name() + "." + value.dimension();
          if (value.kind() == ValueKind.COUNTER) {
            name = io.mvx.metrics.internal.export.ExportNames.withoutTotal(name); // API.md §5: N.M for total
          }
          expected.computeIfAbsent(new Series(name, tags), k -> new ArrayList<>())
              .add(new Expected(value.kind(), value.value(), baseUnit(metric.unit())));
        }
      }
    }
    java.util.concurrent.atomic.AtomicInteger missing = new java.util.concurrent.atomic.AtomicInteger();
    expected.forEach((series, candidates) -> {
      Meter meter = adapters.micrometerMeter(series.name(), series.labels());
      if (candidates.size() == 1) {
        Expected only = candidates.get(0);
        if (meter == null) {
          missing.incrementAndGet(); // refused by the first-series rule: counted as skipped, checked below
          return;
        }
        assertThat(meter).isInstanceOf(only.kind() == ValueKind.COUNTER ? FunctionCounter.class : Gauge.class);
        assertThat(meter.getId().getBaseUnit()).isEqualTo(only.unit());
        assertThat(sameNumber(read(meter), only.value()))
            .as("%s is %s, expected %s", brief(series), read(meter), only.value()).isTrue();
        checked.incrementAndGet(2);
      } else {
        checked.addAndGet(3, candidates.size());
      }
      if (candidates.size() > 1 && meter != null) {
        assertThat(candidates).as("value of %s", brief(series)).anyMatch(c -> sameNumber(c.value(), read(meter)));
      }
    });
    double skipped = adapters.meterRegistry.find("mvx.runtime.collector.skipped").functionCounters().stream()
        .mapToDouble(FunctionCounter::count).sum();
    assertThat(skipped).as("every value without a meter is counted as skipped").isGreaterThanOrEqualTo(missing.get());
    for (Meter meter : adapters.meterRegistry.getMeters()) {
      if (meter.getId().getTag("recorder") != null) {
        assertThat(expected).as("a meter no value asked for: %s", meter.getId()).containsKey(
            new Series(meter.getId().getName(), Adapters.tagsOf(meter)));
      }
    }
  }

  private static double read(Meter meter) {
    return meter instanceof FunctionCounter counter ? counter.count() : ((Gauge) meter).value();
  }

  /** Micrometer's base unit as the convention gives it: a known unit's word, none for 1 and annotations. */
  private static String baseUnit(String unit) {
    return io.mvx.metrics.internal.export.ExportUnit.of(unit).micrometerBaseUnit();
  }

  // ---- OpenTelemetry ----

  private static void checkOtel(Scenario scenario, Collection<MetricData> collection) {
    // instrument names are case-insensitive in OpenTelemetry: group the values by the lower-cased name
    Map<String, List<OtelValue>> groups = new HashMap<>();
    for (Scenario.RecorderSpec recorder : scenario.recorders()) {
      for (MetricSnapshot metric : recorder.metrics()) {
        for (MetricValue value : metric.values()) {
          String name = instrumentName(metric.name(), value.dimension(), value.kind());
          groups.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>())
              .add(new OtelValue(name, metric, value, recorder.exportedId()));
        }
      }
    }
    Map<String, MetricData> byName = new HashMap<>();
    Set<String> ids = scenario.recorders().stream().map(Scenario.RecorderSpec::exportedId).collect(Collectors.toSet());
    for (MetricData data : collection) {
      assertThat(data.getName()).as("exported instrument name").matches(OTEL_NAME);
      byName.put(data.getName(), data);
      for (DoublePointData point : Adapters.points(data)) {
        String recorder = point.getAttributes().get(Adapters.RECORDER);
        if (recorder != null) {
          assertThat(ids).as("recorder attribute of %s", data.getName()).contains(recorder);
        }
      }
    }
    int skipped = 0;
    for (Map.Entry<String, List<OtelValue>> group : groups.entrySet()) {
      List<OtelValue> values = group.getValue();
      Set<List<Object>> sources = values.stream().map(OtelValue::source).collect(Collectors.toSet());
      boolean unambiguous = sources.size() == 1 && !RUNTIME_INSTRUMENTS.contains(group.getKey());
      for (OtelValue value : values) {
        MetricData data = byName.get(value.name());
        boolean validName = OTEL_NAME.matcher(value.name()).matches();
        if (!validName) {
          assertThat(data).as("'%s' is not a valid instrument name: skipped", value.name()).isNull();
          skipped++;
        } else if (unambiguous && Double.isNaN(value.value().value())) {
          // the OpenTelemetry SDK drops NaN measurements (the Prometheus and Micrometer exports keep them)
          OptionalDouble point = Adapters.otelValue(collection, value.name(), value.attributes());
          assertThat(point.isEmpty() || Double.isNaN(point.getAsDouble())).isTrue();
          skipped++;
        } else if (unambiguous) {
          assertThat(data).as("instrument %s", value.name()).isNotNull();
          assertThat(data.getType()).isEqualTo(value.value().kind() == ValueKind.COUNTER
              ? MetricDataType.DOUBLE_SUM : MetricDataType.DOUBLE_GAUGE);
          String unit = value.metric().unit();
          if (unit.isEmpty() || unit.equals("1")) {
            assertThat(data.getUnit()).isEmpty();
          } else if (List.of("By", "s", "ms", "{event}").contains(unit)) {
            assertThat(data.getUnit()).isEqualTo(unit);
          }
          assertThat(data.getUnit()).matches("[\\x20-\\x7e]{0,63}");
          OptionalDouble point = Adapters.otelValue(collection, value.name(), value.attributes());
          assertThat(point).as("point %s %s", value.name(), brief(value.attributes())).isPresent();
          assertThat(sameNumber(point.getAsDouble(), value.value().value()))
              .as("%s %s is %s, expected %s", value.name(), brief(value.attributes()), point, value.value().value())
              .isTrue();
          checked.incrementAndGet(4);
        } else {
          skipped++; // colliding values: whichever the adapter exported (checked above: nothing beyond them)
        }
      }
    }
    checked.addAndGet(5, skipped);
    Statistics.label("otel skipped or ambiguous").collect(skipped > 0);
  }

  /** {@code M.D}; counters lose a trailing {@code _total} or {@code .total} (and a dot left over). */
  static String instrumentName(String metric, String dimension, ValueKind kind) {
    String name = metric + "." + dimension;
    // API.md §5: a counter's trailing _total/.total go, however many there are (the same rule as Prometheus)
    return kind == ValueKind.COUNTER ? io.mvx.metrics.internal.export.ExportNames.withoutTotal(name) : name;
  }

  /** Equal numbers: -0.0 equals 0.0 (OpenTelemetry sums may report either), NaN equals NaN. */
  private static boolean sameNumber(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }

  /** A description short enough for an assertion message, whatever the hostile text in it. */
  private static String brief(Object value) {
    String text = String.valueOf(value);
    return text.length() <= 160 ? text : text.substring(0, 160) + "...(" + text.length() + " chars)";
  }

  private record Series(String name, Map<String, String> labels) {}

  private record Expected(ValueKind kind, double value, String unit) {}

  private record OtelValue(String name, MetricSnapshot metric, MetricValue value, String recorderId) {
    /** What makes one instrument: name, kind, unit and the metric/dimension feeding it. */
    List<Object> source() {
      return List.of(name, value.kind(), metric.unit().equals("1") ? "" : metric.unit(), metric.name(),
          value.dimension());
    }

    Attributes attributes() {
      AttributesBuilder builder = Attributes.builder();
      value.labels().forEach((key, labelValue) -> builder.put(AttributeKey.stringKey(key), labelValue));
      return builder.put(Adapters.RECORDER, recorderId).build();
    }
  }
}
