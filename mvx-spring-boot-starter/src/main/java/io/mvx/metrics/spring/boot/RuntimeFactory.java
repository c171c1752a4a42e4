package io.mvx.metrics.spring.boot;

import io.mvx.metrics.MetricsRuntime;
import org.springframework.core.env.Environment;

/** Builds the auto-configured runtime from {@link MvxProperties}; unset properties keep the runtime's defaults. */
final class RuntimeFactory {

  /** The namespace when neither {@code mvx.namespace} nor {@code spring.application.name} is set. */
  static final String DEFAULT_NAMESPACE = "application";

  private RuntimeFactory() {}

  static MetricsRuntime build(MvxProperties properties, Environment environment) {
    String namespace = properties.getNamespace();
    if (namespace == null || namespace.isBlank()) {
      namespace = environment.getProperty("spring.application.name", DEFAULT_NAMESPACE);
    }
    MetricsRuntime.Builder builder = MetricsRuntime.builder(namespace);
    if (properties.getQueueCapacity() != null) {
      builder.defaultQueueCapacity(properties.getQueueCapacity());
    }
    if (properties.getEventBufferCapacity() != null) {
      builder.eventBufferCapacity(properties.getEventBufferCapacity());
    }
    if (properties.getOperationTimeout() != null) {
      builder.operationTimeout(properties.getOperationTimeout());
    }
    if (properties.getHandlerTimeout() != null) {
      builder.handlerTimeout(properties.getHandlerTimeout());
    }
    if (properties.getIdleTimeout() != null) {
      builder.defaultIdleTimeout(properties.getIdleTimeout());
    }
    if (properties.getMaxRecorders() != null) {
      builder.maxRecorders(properties.getMaxRecorders());
    }
    return builder.build();
  }
}
