package io.mvx.metrics.otel;

import static io.mvx.metrics.test.TestMetrics.fixed;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.mvx.metrics.Histogram;
import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.snapshot.ExponentialBuckets;
import io.mvx.metrics.snapshot.HistogramValue;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The producer's histograms as the real OTLP/HTTP exporter serialises them: a receiver in the test decodes each
 * request with the {@code opentelemetry-proto} classes, so the wire form is checked, not the in-memory data.
 */
class OtlpWireTest {

  private final MetricsRuntime runtime = MetricsRuntime.builder("shop").logPolicy(LogPolicy.SILENT).build();
  private final BlockingQueue<ExportMetricsServiceRequest> received = new LinkedBlockingQueue<>();
  private HttpServer receiver;
  private SdkMeterProvider meterProvider;
  private MvxOtelMetrics registration;

  @BeforeEach
  void start() throws IOException {
    runtime.start();
    receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    receiver.createContext("/v1/metrics", exchange -> {
      try (InputStream body = exchange.getRequestBody()) {
        received.add(ExportMetricsServiceRequest.parseFrom(body.readAllBytes()));
      }
      byte[] response = ExportMetricsServiceResponse.getDefaultInstance().toByteArray();
      exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
      exchange.sendResponseHeaders(200, response.length == 0 ? -1 : response.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(response);
      }
    });
    receiver.start();
    OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
        .setEndpoint("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/metrics").build();
    meterProvider = SdkMeterProvider.builder()
        .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
        .registerMetricProducer(MvxOtelMetrics.metricProducer(runtime))
        .build();
    registration = MvxOtelMetrics.register(runtime, Exports.sdk(meterProvider));
  }

  @AfterEach
  void stop() {
    meterProvider.close();
    registration.close();
    receiver.stop(0);
    runtime.close();
  }

  @Test
  void explicitAndExponentialHistograms_crossTheWireWithEveryBucket() throws Exception {
    HistogramValue latency = HistogramValue.of(new double[] {0.1, 1, 2.5}, new long[] {4, 0, 2, 1}, 6.5);
    Histogram sizes = Histogram.exponential(160);
    for (double v : new double[] {0, 3, 3.5, 1000, -0.5}) {
      sizes.record(v);
    }
    HistogramValue size = sizes.snapshot();
    runtime.createRecorder("storage").registerMetric(fixed("save", s -> s.description("Save latency").unit("s")
        .histogram("duration", latency, Map.of("outcome", "success"))));
    runtime.createRecorder("net").registerMetric(fixed("request", s -> s.unit("By").histogram("size", size)));

    assertThat(meterProvider.forceFlush().join(30, TimeUnit.SECONDS).isSuccess()).isTrue();
    ExportMetricsServiceRequest request = received.poll(30, TimeUnit.SECONDS);

    assertThat(request).isNotNull();
    Metric duration = metric(request, "save.duration");
    assertThat(duration.getDescription()).isEqualTo("Save latency");
    assertThat(duration.getUnit()).isEqualTo("s");
    assertThat(duration.getHistogram().getAggregationTemporality())
        .isEqualTo(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
    HistogramDataPoint point = duration.getHistogram().getDataPoints(0);
    assertThat(duration.getHistogram().getDataPointsCount()).isEqualTo(1);
    assertThat(attributes(point.getAttributesList())).containsExactly(
        Map.entry("outcome", "success"), Map.entry("recorder", "storage"));
    assertThat(point.getExplicitBoundsList()).containsExactly(0.1, 1.0, 2.5);
    assertThat(point.getBucketCountsList()).containsExactly(4L, 0L, 2L, 1L);
    assertThat(point.getCount()).isEqualTo(7);
    assertThat(point.getSum()).isEqualTo(6.5);
    assertThat(point.getStartTimeUnixNano()).isPositive().isLessThanOrEqualTo(point.getTimeUnixNano());

    Metric request2 = metric(request, "request.size");
    assertThat(request2.getUnit()).isEqualTo("By");
    ExponentialHistogramDataPoint exponential = request2.getExponentialHistogram().getDataPoints(0);
    ExponentialBuckets buckets = size.exponential().orElseThrow();
    assertThat(exponential.getScale()).isEqualTo(buckets.scale());
    assertThat(exponential.getZeroCount()).isEqualTo(1);
    assertThat(exponential.getCount()).isEqualTo(5);
    assertThat(exponential.getSum()).isEqualTo(1006.0);
    assertThat(exponential.getPositive().getOffset()).isEqualTo(buckets.positive().offset());
    assertThat(exponential.getPositive().getBucketCountsList()).isEqualTo(counts(buckets.positive()));
    assertThat(exponential.getNegative().getOffset()).isEqualTo(buckets.negative().offset());
    assertThat(exponential.getNegative().getBucketCountsList()).isEqualTo(counts(buckets.negative()));
    assertThat(attributes(exponential.getAttributesList())).containsExactly(Map.entry("recorder", "net"));
  }

  private static Metric metric(ExportMetricsServiceRequest request, String name) {
    List<Metric> found = new ArrayList<>();
    request.getResourceMetricsList().forEach(resource -> {
      for (ScopeMetrics scope : resource.getScopeMetricsList()) {
        for (Metric metric : scope.getMetricsList()) {
          if (metric.getName().equals(name)) {
            assertThat(scope.getScope().getName()).isEqualTo("shop");
            found.add(metric);
          }
        }
      }
    });
    assertThat(found).as("metrics named %s", name).hasSize(1);
    return found.get(0);
  }

  private static Map<String, String> attributes(List<KeyValue> attributes) {
    Map<String, String> map = new TreeMap<>();
    attributes.forEach(attribute -> map.put(attribute.getKey(), attribute.getValue().getStringValue()));
    return map;
  }

  private static List<Long> counts(ExponentialBuckets.Side side) {
    List<Long> counts = new ArrayList<>();
    for (int i = 0; i < side.bucketCount(); i++) {
      counts.add(side.count(i));
    }
    return counts;
  }
}
