package io.mvx.metrics.spring.boot;

import io.micrometer.core.instrument.MeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.micrometer.MvxMeterBinder;
import io.mvx.metrics.prometheus.metrics.MvxMultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configures MVX in a Spring Boot 4.0 or 3.5 application: a started {@link MetricsRuntime} (unless
 * the application defines one), its export to every meter registry with no series written twice, and the
 * {@code mvx} health contributor (module {@code mvx-spring-boot-health}). Off with {@code mvx.enabled=false}.
 *
 * <pre>{@code
 * @Component
 * class Sessions {
 *   private final MetricsRuntime runtime;
 *   Sessions(MetricsRuntime runtime) { this.runtime = runtime; }   // already RUNNING here
 *   void opened(String id) { runtime.createRecorder(id).registerMetric(new SessionLatencyMetric()); }
 *   void closed(String id) { runtime.stopAndRemoveRecorder(id); }    // its series vanish
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> The runtime is started when the bean is created, so any bean that injects it can
 * create recorders in its constructor (a {@code SmartLifecycle} start would come only after every singleton
 * exists). It is shut down by a {@link SmartLifecycle} in phase {@link #RUNTIME_PHASE}: Spring stops phases from
 * the highest down, and Boot's web server stops taking requests in a higher phase (graceful shutdown at
 * {@code DEFAULT_PHASE - 1024}, then the server itself at {@code DEFAULT_PHASE - 2048}), as do ordinary
 * lifecycle beans (phase 0 and above), so the requests still in flight get to emit their events; then
 * {@code shutdown()} drains every accepted event within that phase (at most the operation timeout plus the
 * handler timeout). A runtime the application defines itself is exported and reported on, but its
 * lifecycle stays the application's.
 *
 * <p><b>Export.</b> Where a client_java 1.x {@code PrometheusRegistry} bean exists (Boot's
 * {@code /actuator/prometheus}), an {@link MvxMultiCollector} is registered on it: classic and native
 * histogram buckets and the {@code mvx_runtime_*} statistics. Every other {@link MeterRegistry} bean gets an
 * {@link MvxMeterBinder}, except composites (they forward to the registries that already have it) and the
 * {@code PrometheusMeterRegistry} writing to that same {@code PrometheusRegistry}, so no series is written
 * twice. Each road is checked at start-up against the Micrometer and client_java versions present; a road
 * that cannot work with them is logged and skipped, and when the Prometheus road is skipped or turned off
 * ({@code mvx.export.prometheus.enabled=false}) the {@code PrometheusMeterRegistry} gets the binder instead.
 */
@AutoConfiguration(afterName = {
    // Boot 4 and Boot 3.5 names of the auto-configuration that creates the PrometheusRegistry bean
    "org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.prometheus.PrometheusMetricsExportAutoConfiguration"})
@ConditionalOnClass(MetricsRuntime.class)
@ConditionalOnProperty(prefix = "mvx", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(MvxProperties.class)
public class MvxAutoConfiguration {

  /**
   * The phase of the runtime's {@link SmartLifecycle}: below the web server's and below every ordinary
   * lifecycle bean's, so the runtime stops after them.
   */
  public static final int RUNTIME_PHASE = -1024;

  /** Created by Spring. */
  public MvxAutoConfiguration() {}

  /** The runtime and its lifecycle, unless the application defines a runtime. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnMissingBean(MetricsRuntime.class)
  static class RuntimeConfiguration {

    @Bean
    MetricsRuntime mvxMetricsRuntime(MvxProperties properties, Environment environment) {
      MetricsRuntime runtime = RuntimeFactory.build(properties, environment);
      runtime.start();
      return runtime;
    }

    @Bean
    SmartLifecycle mvxMetricsRuntimeLifecycle(MetricsRuntime mvxMetricsRuntime) {
      return new RuntimeLifecycle(mvxMetricsRuntime, RUNTIME_PHASE);
    }
  }

  /** The Prometheus road: MvxMultiCollector on Boot's client_java PrometheusRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({PrometheusRegistry.class, MvxMultiCollector.class})
  @ConditionalOnProperty(prefix = "mvx.export.prometheus", name = "enabled", matchIfMissing = true)
  static class PrometheusExportConfiguration {

    @Bean
    PrometheusExport mvxPrometheusExport(MetricsRuntime runtime, ObjectProvider<PrometheusRegistry> registries) {
      PrometheusRegistry registry = registries.getIfUnique();
      return registry == null ? PrometheusExport.none() : PrometheusRoad.register(runtime, registry);
    }
  }

  /** The Micrometer road: MvxMeterBinder on every other MeterRegistry. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass({MeterRegistry.class, MvxMeterBinder.class})
  @ConditionalOnProperty(prefix = "mvx.export.micrometer", name = "enabled", matchIfMissing = true)
  static class MicrometerExportConfiguration {

    @Bean
    MicrometerRoad mvxMicrometerRoad(MetricsRuntime runtime, ObjectProvider<MeterRegistry> registries,
        ObjectProvider<PrometheusExport> prometheus) {
      return new MicrometerRoad(runtime, registries, prometheus);
    }
  }
}
