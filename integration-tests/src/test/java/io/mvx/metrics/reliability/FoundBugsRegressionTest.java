package io.mvx.metrics.reliability;

import io.mvx.metrics.test.TextExposition;
import io.mvx.metrics.test.FixedMetric;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RegistryListener;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.prometheus.MvxPrometheusServer;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Product bugs the reliability suite found, kept as regression tests. */
class FoundBugsRegressionTest {

  private static MetricsRuntime started(String namespace) {
    MetricsRuntime runtime = MetricsRuntime.builder(namespace).logPolicy(LogPolicy.SILENT).build();
    runtime.start();
    return runtime;
  }

  @Test
  void handlerErrorOfARecorderRemovedListener_isInTheRuntimeTotals() {
    MetricsRuntime runtime = started("bug.retired");
    try {
      runtime.addRegistryListener(new RegistryListener() {
        @Override
        public void recorderRemoved(RuntimeRecorder recorder) {
          throw new IllegalStateException("listener bug");
        }
      });
      RuntimeRecorder recorder = runtime.createRecorder("a");
      runtime.stopAndRemoveRecorder("a");
      runtime.snapshot(); // the processing thread has finished the removal and called the listener
      assertThat(recorder.stats().handlerErrors()).isEqualTo(1);
      assertThat(runtime.stats().handlerErrors()).isEqualTo(1);
    } finally {
      runtime.shutdown();
    }
  }

  @Test
  void unpairedSurrogates_areRejected_soNoTwoIdsCollideOnTheWire() throws Exception {
    MetricsRuntime runtime = started("bug.surrogates");
    try (MvxPrometheusServer server = MvxPrometheusServer.builder(runtime).build()) {
      for (String id : List.of("conn-\uD800", "conn-\uDC00")) {
        assertThatThrownBy(() -> runtime.createRecorder(id))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("recorderId must be valid Unicode");
      }
      assertThatThrownBy(() -> MetricSnapshot.builder("m").gauge("v", 1, Map.of("k", "x\uDC00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("value of label k must be valid Unicode");
      runtime.createRecorder("conn-\uD83D\uDE00").registerMetric(new HitCounter("hits")); // a real pair is fine
      String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.port() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
      TextExposition.parse(body);
      assertThat(body).contains("recorder=\"conn-\uD83D\uDE00\"");
    } finally {
      runtime.shutdown();
    }
  }

  @Test
  void otelNamesDifferingOnlyInCase_firstWinsAndKeepsItsValue() {
    MetricsRuntime runtime = started("bug.case");
    try (Adapters adapters = Adapters.attach(runtime, Duration.ofSeconds(1))) {
      RuntimeRecorder recorder = runtime.createRecorder("a");
      recorder.registerMetric(new FixedMetric(MetricSnapshot.builder("Requests").gauge("open", 1).build()));
      recorder.registerMetric(new FixedMetric(MetricSnapshot.builder("requests").gauge("open", 2).build()));
      adapters.otel();
      Collection<MetricData> collection = adapters.otel();
      List<String> names = collection.stream().map(MetricData::getName)
          .filter(name -> name.toLowerCase(Locale.ROOT).equals("requests.open")).collect(Collectors.toList());
      assertThat(names).containsExactly("Requests.open");
      assertThat(Adapters.otelValue(collection, "Requests.open", Attributes.of(Adapters.RECORDER, "a"))).hasValue(1);
    } finally {
      runtime.shutdown();
    }
  }

  @Test
  void malformedBasicCredentials_get401WithTheChallenge() throws Exception {
    MetricsRuntime runtime = started("bug.auth");
    try (MvxPrometheusServer server = MvxPrometheusServer.builder(runtime).basicAuthentication("u", "p").build()) {
      HttpClient client = HttpClient.newHttpClient();
      for (String authorization : List.of(
          "Basic " + Base64.getEncoder().encodeToString("u".getBytes(StandardCharsets.UTF_8)),
          "Basic !!not-base64!!")) {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.port() + "/metrics"))
            .header("Authorization", authorization).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"mvx-metrics\"");
        assertThat(answer.body()).doesNotContain("mvx_runtime");
      }
    } finally {
      runtime.shutdown();
    }
  }
}
