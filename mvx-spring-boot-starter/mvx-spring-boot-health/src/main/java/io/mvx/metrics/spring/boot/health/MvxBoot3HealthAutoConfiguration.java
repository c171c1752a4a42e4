package io.mvx.metrics.spring.boot.health;

import io.mvx.metrics.MetricsRuntime;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The {@code mvx} health indicator on Spring Boot 3.5 (health types in {@code spring-boot-actuator}): UP while
 * the runtime's processing thread runs and no handler has hung, with the details {@code recorders},
 * {@code pending}, {@code dropped} and {@code hung}. Off with {@code management.health.mvx.enabled=false}.
 */
@AutoConfiguration(afterName = "io.mvx.metrics.spring.boot.MvxAutoConfiguration")
@ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
@ConditionalOnBean(MetricsRuntime.class)
@ConditionalOnProperty(prefix = "management.health.mvx", name = "enabled", matchIfMissing = true)
public class MvxBoot3HealthAutoConfiguration {

  /** Created by Spring. */
  public MvxBoot3HealthAutoConfiguration() {}

  /**
   * The {@code mvx} health indicator (Boot names a contributor after its bean, less {@code HealthIndicator}).
   *
   * @param runtime the runtime to report on
   * @return the indicator
   */
  @Bean
  @ConditionalOnMissingBean(name = "mvxHealthIndicator")
  public HealthIndicator mvxHealthIndicator(MetricsRuntime runtime) {
    MvxHealth health = new MvxHealth(runtime);
    return () -> {
      MvxHealth.Reading reading = health.read();
      return (reading.up() ? Health.up() : Health.down()).withDetails(reading.details()).build();
    };
  }
}
