package io.mvx.metrics.otel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code register} works without the SDK on the class path: the SDK is an optional dependency, and the
 * producer's classes are loaded only when {@code metricProducer} is called. (Reflecting over
 * {@code MvxOtelMetrics}' methods does need the SDK: {@code metricProducer}'s signature names it.)
 */
class OptionalSdkTest {

  @Test
  void register_withTheApiAlone_works_andOnlyMetricProducerNeedsTheSdk() throws Exception {
    try (URLClassLoader apiOnly = new URLClassLoader(apiOnlyClassPath(), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> apiOnly.loadClass("io.opentelemetry.sdk.metrics.export.MetricProducer"))
          .isInstanceOf(ClassNotFoundException.class);
      Runnable register = user(apiOnly, false);
      register.run();

      Runnable producer = user(apiOnly, true);
      assertThatThrownBy(producer::run).isInstanceOf(NoClassDefFoundError.class)
          .hasMessageContaining("io/opentelemetry/sdk/metrics");
    }
  }

  private static Runnable user(ClassLoader loader, boolean alsoAskForTheProducer) throws Exception {
    return (Runnable) loader.loadClass(ApiOnlyUser.class.getName()).getConstructor(boolean.class)
        .newInstance(alsoAskForTheProducer);
  }

  /**
   * mvx-core, mvx-otel's classes (and its test classes, for {@link ApiOnlyUser}) and the OpenTelemetry API
   * jars; no SDK, nothing else.
   */
  private static URL[] apiOnlyClassPath() throws MalformedURLException {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      boolean mvx = entry.contains("mvx-core") && !name.contains("test")
          || entry.contains("mvx-otel") && (name.equals("classes") || name.equals("test-classes"));
      boolean api = name.startsWith("opentelemetry-api-") || name.startsWith("opentelemetry-context-")
          || name.startsWith("opentelemetry-common-");
      if (mvx || api) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    assertThat(urls).as("class path %s", System.getProperty("java.class.path")).hasSizeGreaterThanOrEqualTo(3);
    return urls.toArray(URL[]::new);
  }
}
