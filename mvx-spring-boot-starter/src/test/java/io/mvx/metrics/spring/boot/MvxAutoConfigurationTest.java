package io.mvx.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.spring.boot.app.LatencyMetric;
import io.mvx.metrics.spring.boot.health.MvxBoot3HealthAutoConfiguration;
import io.mvx.metrics.spring.boot.health.MvxBoot4HealthAutoConfiguration;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/** Each condition of the auto-configuration, in a bare context (no Boot metrics auto-configuration). */
class MvxAutoConfigurationTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MvxAutoConfiguration.class,
          MvxBoot4HealthAutoConfiguration.class, MvxBoot3HealthAutoConfiguration.class));

  @Test
  void runtime_isStartedAtCreation_andNamedAfterTheApplication() {
    runner.withPropertyValues("spring.application.name=orders").run(context -> {
      MetricsRuntime runtime = context.getBean(MetricsRuntime.class);
      assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.RUNNING);
      assertThat(runtime.namespace()).isEqualTo("orders");
      assertThat(context).hasBean("mvxMetricsRuntimeLifecycle").hasBean("mvxHealthIndicator");
    });
  }

  @Test
  void namespace_withoutApplicationName_isApplication() {
    runner.run(context -> assertThat(context.getBean(MetricsRuntime.class).namespace()).isEqualTo("application"));
  }

  @Test
  void properties_configureTheRuntime() {
    runner.withPropertyValues("spring.application.name=orders", "mvx.namespace=billing", "mvx.max-recorders=1",
        "mvx.queue-capacity=100", "mvx.operation-timeout=3s", "mvx.handler-timeout=1s", "mvx.idle-timeout=10m")
        .run(context -> {
          MetricsRuntime runtime = context.getBean(MetricsRuntime.class);
          assertThat(runtime.namespace()).isEqualTo("billing");
          runtime.createRecorder("first");
          assertThatThrownBy(() -> runtime.createRecorder("second"))
              .isInstanceOfSatisfying(MetricsException.class,
                  e -> assertThat(e.reasonCode()).isEqualTo("RECORDER_LIMIT_EXCEEDED"));
        });
  }

  @Test
  void invalidQueueCapacity_failsTheStartNamingTheValue() {
    runner.withPropertyValues("mvx.queue-capacity=0").run(context ->
        assertThat(context).hasFailed().getFailure().hasStackTraceContaining("0"));
  }

  @Test
  void mvxDisabled_configuresNothing() {
    runner.withPropertyValues("mvx.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(MetricsRuntime.class).doesNotHaveBean("mvxHealthIndicator"));
  }

  @Test
  void withoutMvxCore_configuresNothing() {
    runner.withClassLoader(new FilteredClassLoader(MetricsRuntime.class)).run(context ->
        assertThat(context).doesNotHaveBean("mvxMetricsRuntime"));
  }

  @Test
  void applicationRuntime_isUsed_andItsLifecycleLeftToTheApplication() {
    runner.withUserConfiguration(OwnRuntime.class).run(context -> {
      assertThat(context).hasSingleBean(MetricsRuntime.class).doesNotHaveBean("mvxMetricsRuntimeLifecycle");
      assertThat(context.getBean(MetricsRuntime.class).getStatus()).isEqualTo(MetricsRuntimeState.VIRGIN);
    });
  }

  @Test
  void healthDisabled_hasNoIndicator() {
    runner.withPropertyValues("management.health.mvx.enabled=false").run(context ->
        assertThat(context).hasSingleBean(MetricsRuntime.class).doesNotHaveBean("mvxHealthIndicator"));
  }

  @Test
  void withoutBootHealthTypes_hasNoIndicator() {
    runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.health.contributor",
        "org.springframework.boot.actuate.health")).run(context ->
        assertThat(context).hasSingleBean(MetricsRuntime.class).doesNotHaveBean("mvxHealthIndicator"));
  }

  @Test
  void prometheusRegistry_getsTheCollector_andOnlyTheOtherRegistriesGetTheBinder() {
    runner.withUserConfiguration(Registries.class).run(context -> {
      withRecorder(context.getBean(MetricsRuntime.class));
      assertThat(familyNames(context.getBean(PrometheusRegistry.class)))
          .contains("application_request_latency_seconds", "mvx_runtime_events_accepted");
      assertThat(mvxMeters(context.getBean(PrometheusMeterRegistry.class))).isEmpty();
      assertThat(mvxMeters(context.getBean("simple", MeterRegistry.class))).isNotEmpty();
      assertThat(context.getBean(MicrometerRoad.class).boundRegistries())
          .containsExactly(context.getBean("simple", MeterRegistry.class));
      assertThat(duplicates(context.getBean(PrometheusRegistry.class))).isEmpty();
    });
  }

  @Test
  void prometheusRoadOff_prometheusMeterRegistryGetsTheBinderInstead() {
    runner.withUserConfiguration(Registries.class).withPropertyValues("mvx.export.prometheus.enabled=false")
        .run(context -> {
          withRecorder(context.getBean(MetricsRuntime.class));
          assertThat(context).doesNotHaveBean(PrometheusExport.class);
          assertThat(mvxMeters(context.getBean(PrometheusMeterRegistry.class))).isNotEmpty();
          assertThat(duplicates(context.getBean(PrometheusRegistry.class))).isEmpty();
        });
  }

  @Test
  void micrometerRoadOff_bindsNothing() {
    runner.withUserConfiguration(Registries.class).withPropertyValues("mvx.export.micrometer.enabled=false")
        .run(context -> {
          withRecorder(context.getBean(MetricsRuntime.class));
          assertThat(context).doesNotHaveBean(MicrometerRoad.class);
          assertThat(mvxMeters(context.getBean("simple", MeterRegistry.class))).isEmpty();
          assertThat(familyNames(context.getBean(PrometheusRegistry.class))).contains("mvx_runtime_events_accepted");
        });
  }

  @Test
  void withoutClientJava_everyRegistryGetsTheBinder() {
    runner.withUserConfiguration(SimpleOnly.class)
        .withClassLoader(new FilteredClassLoader(PrometheusRegistry.class))
        .run(context -> {
          assertThat(context).doesNotHaveBean(PrometheusExport.class).hasSingleBean(MicrometerRoad.class);
          withRecorder(context.getBean(MetricsRuntime.class));
          assertThat(mvxMeters(context.getBean(MeterRegistry.class))).isNotEmpty();
        });
  }

  @Test
  void withoutMicrometer_onlyTheRuntime() {
    runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class)).run(context ->
        assertThat(context).hasSingleBean(MetricsRuntime.class).doesNotHaveBean(MicrometerRoad.class));
  }

  @Test
  void roads_workWithTheVersionsOnTheClassPath() {
    assertThat(PrometheusRoad.probe()).isNull();
    assertThat(MicrometerRoad.probe()).isNull();
  }

  private static void withRecorder(MetricsRuntime runtime) {
    runtime.createRecorder("session-1").registerMetric(new LatencyMetric());
    runtime.getRecorder("session-1").registerEvent(new LatencyMetric.Request(0.02));
  }

  private static List<String> familyNames(PrometheusRegistry registry) {
    return StreamSupport.stream(registry.scrape().spliterator(), false)
        .map(snapshot -> snapshot.getMetadata().getPrometheusName()).toList();
  }

  private static List<String> duplicates(PrometheusRegistry registry) {
    List<String> names = familyNames(registry);
    return names.stream().filter(name -> names.indexOf(name) != names.lastIndexOf(name)).distinct().toList();
  }

  private static List<String> mvxMeters(MeterRegistry registry) {
    return registry.getMeters().stream().map(meter -> meter.getId().getName())
        .filter(name -> name.startsWith("application.") || name.startsWith("mvx.")).toList();
  }


  @Configuration(proxyBeanMethods = false)
  static class OwnRuntime {
    @Bean
    MetricsRuntime ownRuntime() {
      return new MetricsRuntime("own");
    }
  }

  /** What Boot's metrics auto-configuration makes with Prometheus and one more registry. */
  @Configuration(proxyBeanMethods = false)
  static class Registries {
    @Bean
    PrometheusRegistry prometheusRegistry() {
      return new PrometheusRegistry();
    }

    @Bean
    PrometheusMeterRegistry prometheusMeterRegistry(PrometheusRegistry registry) {
      return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, registry, Clock.SYSTEM);
    }

    @Bean
    SimpleMeterRegistry simple() {
      return new SimpleMeterRegistry();
    }

    @Bean
    @Primary
    CompositeMeterRegistry composite(PrometheusMeterRegistry prometheus, SimpleMeterRegistry simple) {
      return new CompositeMeterRegistry(Clock.SYSTEM, List.of(prometheus, simple));
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class SimpleOnly {
    @Bean
    SimpleMeterRegistry simple() {
      return new SimpleMeterRegistry();
    }
  }
}
