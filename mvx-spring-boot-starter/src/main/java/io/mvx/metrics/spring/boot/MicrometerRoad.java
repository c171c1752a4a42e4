package io.mvx.metrics.spring.boot;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.util.ClassUtils;

/**
 * The Micrometer road: once every singleton exists, binds one {@link MvxMeterBinder} to every
 * {@link MeterRegistry} bean except composites (they forward to registries that have it already) and the
 * {@code PrometheusMeterRegistry} the Prometheus road already covers. Deliberately not a {@code MeterBinder}
 * bean: Boot would bind that to every registry, Prometheus's included. Unbinds on close.
 */
final class MicrometerRoad implements SmartInitializingSingleton, DisposableBean {

  private static final System.Logger LOG = System.getLogger("io.mvx.metrics.spring.boot");
  private static final String PROMETHEUS_METER_REGISTRY = "io.micrometer.prometheusmetrics.PrometheusMeterRegistry";

  private final MetricsRuntime runtime;
  private final ObjectProvider<MeterRegistry> registries;
  private final ObjectProvider<PrometheusExport> prometheus;
  private final List<MeterRegistry> bound = new ArrayList<>();
  private MvxMeterBinder binder;

  MicrometerRoad(MetricsRuntime runtime, ObjectProvider<MeterRegistry> registries,
      ObjectProvider<PrometheusExport> prometheus) {
    this.runtime = runtime;
    this.registries = registries;
    this.prometheus = prometheus;
  }

  @Override
  public void afterSingletonsInstantiated() {
    List<MeterRegistry> targets = new ArrayList<>();
    PrometheusExport covered = prometheus.getIfAvailable(PrometheusExport::none);
    registries.orderedStream().forEach(registry -> {
      if (!(registry instanceof CompositeMeterRegistry) && !coveredByCollector(registry, covered)) {
        targets.add(registry);
      }
    });
    if (targets.isEmpty()) {
      return;
    }
    String problem = probe();
    if (problem != null) {
      LOG.log(Level.WARNING, "MVX: the Micrometer export road is skipped: MvxMeterBinder (mvx-micrometer) does not"
          + " work with the Micrometer on the class path (" + problem + "); set mvx.export.micrometer.enabled=false"
          + " to silence this.");
      return;
    }
    binder = new MvxMeterBinder(runtime);
    for (MeterRegistry registry : targets) {
      binder.bindTo(registry);
      bound.add(registry);
    }
  }

  /** The registries this road bound the binder to, in bean order. */
  List<MeterRegistry> boundRegistries() {
    return List.copyOf(bound);
  }

  @Override
  public void destroy() {
    if (binder != null) {
      binder.close();
    }
  }

  private static boolean coveredByCollector(MeterRegistry registry, PrometheusExport covered) {
    ClassLoader loader = registry.getClass().getClassLoader();
    return ClassUtils.isPresent(PROMETHEUS_METER_REGISTRY, loader)
        && covered.exportsTo(PrometheusMeterRegistries.prometheusRegistryOf(registry));
  }

  /** Null when the binder registers and reads meters of every kind; else what failed. */
  static String probe() {
    MetricsRuntime probe = ProbeMetric.runtime();
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    try (MvxMeterBinder probeBinder = new MvxMeterBinder(probe)) {
      probeBinder.bindTo(registry);
      int read = 0;
      for (Meter meter : registry.getMeters()) {
        meter.measure().forEach(measurement -> measurement.getValue());
        read++;
      }
      return read > 0 ? null : "no probe meter was registered";
    } catch (LinkageError | RuntimeException failure) {
      return failure.toString();
    } finally {
      registry.close();
      probe.shutdown();
    }
  }
}
