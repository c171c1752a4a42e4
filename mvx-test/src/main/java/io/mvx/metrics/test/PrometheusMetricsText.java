package io.mvx.metrics.test;

import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A client_java 1.x {@link PrometheusRegistry} scraped and written by client_java's own text writers, as its
 * HTTP server writes it, for {@link TextExposition} and {@link PrometheusReader} to read.
 */
public final class PrometheusMetricsText {

  private PrometheusMetricsText() {}

  /**
   * The registry in text format 0.0.4.
   *
   * @param registry the registry
   * @return the text
   */
  public static String write004(PrometheusRegistry registry) {
    return write(PrometheusTextFormatWriter.create(), registry);
  }

  /**
   * The registry in OpenMetrics 1.0.0 text.
   *
   * @param registry the registry
   * @return the text
   */
  public static String writeOpenMetrics(PrometheusRegistry registry) {
    return write(OpenMetricsTextFormatWriter.create(), registry);
  }

  /**
   * Scrapes the registry and reads it back with the Prometheus names.
   *
   * @param namespace the runtime's namespace
   * @param registry the registry
   * @return the reader
   */
  public static PrometheusReader read(String namespace, PrometheusRegistry registry) {
    return PrometheusReader.of(namespace, write004(registry));
  }

  private static String write(ExpositionFormatWriter writer, PrometheusRegistry registry) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writer.write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
