package io.mvx.metrics.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code mvx.*} properties of the auto-configured {@link io.mvx.metrics.MetricsRuntime} and its export
 * roads. Unset runtime settings keep the runtime's own defaults ({@link io.mvx.metrics.MetricsRuntime.Builder}).
 *
 * <pre>{@code
 * mvx.namespace=orders
 * mvx.queue-capacity=20000
 * mvx.idle-timeout=10m
 * mvx.export.prometheus.enabled=false
 * }</pre>
 */
@ConfigurationProperties("mvx")
public class MvxProperties {

  /** Whether to auto-configure MVX at all. */
  private boolean enabled = true;

  /** The runtime's namespace, the first part of every series name; default spring.application.name, else "application". */
  private String namespace;

  /** Pending events each recorder holds at most (the runtime's default queue capacity; default 10000). */
  private Integer queueCapacity;

  /** Pending events the whole runtime holds at most (default 2^20 or the queue capacity, whichever is larger). */
  private Integer eventBufferCapacity;

  /** How long a blocking call (a snapshot, a drain) waits for the processing thread (default 5s). */
  private Duration operationTimeout;

  /** How long a call into a metric or listener may run before it counts as hung (default 2s). */
  private Duration handlerTimeout;

  /** Recorders that receive no event for this long are stopped and removed (default: never). */
  private Duration idleTimeout;

  /** The most recorders the runtime holds (default 100000). */
  private Integer maxRecorders;

  /** The export roads, each of which can be turned off. */
  private final Export export = new Export();

  /** Created by Spring's binder. */
  public MvxProperties() {}

  /**
   * Whether to auto-configure MVX at all.
   *
   * @return true unless {@code mvx.enabled=false}
   */
  public boolean isEnabled() {
    return enabled;
  }

  /**
   * Sets {@code mvx.enabled}.
   *
   * @param enabled false to auto-configure nothing
   */
  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /**
   * The runtime's namespace.
   *
   * @return the namespace, or null to take {@code spring.application.name}
   */
  public String getNamespace() {
    return namespace;
  }

  /**
   * Sets {@code mvx.namespace}.
   *
   * @param namespace the runtime's namespace
   */
  public void setNamespace(String namespace) {
    this.namespace = namespace;
  }

  /**
   * The per-recorder queue capacity.
   *
   * @return the capacity, or null for the runtime's default
   */
  public Integer getQueueCapacity() {
    return queueCapacity;
  }

  /**
   * Sets {@code mvx.queue-capacity}.
   *
   * @param queueCapacity at least 1
   */
  public void setQueueCapacity(Integer queueCapacity) {
    this.queueCapacity = queueCapacity;
  }

  /**
   * The whole runtime's event buffer capacity.
   *
   * @return the capacity, or null for the runtime's default
   */
  public Integer getEventBufferCapacity() {
    return eventBufferCapacity;
  }

  /**
   * Sets {@code mvx.event-buffer-capacity}.
   *
   * @param eventBufferCapacity at least the queue capacity
   */
  public void setEventBufferCapacity(Integer eventBufferCapacity) {
    this.eventBufferCapacity = eventBufferCapacity;
  }

  /**
   * The operation timeout.
   *
   * @return the timeout, or null for the runtime's default
   */
  public Duration getOperationTimeout() {
    return operationTimeout;
  }

  /**
   * Sets {@code mvx.operation-timeout}.
   *
   * @param operationTimeout a positive duration
   */
  public void setOperationTimeout(Duration operationTimeout) {
    this.operationTimeout = operationTimeout;
  }

  /**
   * The handler timeout.
   *
   * @return the timeout, or null for the runtime's default
   */
  public Duration getHandlerTimeout() {
    return handlerTimeout;
  }

  /**
   * Sets {@code mvx.handler-timeout}.
   *
   * @param handlerTimeout a positive duration
   */
  public void setHandlerTimeout(Duration handlerTimeout) {
    this.handlerTimeout = handlerTimeout;
  }

  /**
   * The default idle timeout of recorders.
   *
   * @return the timeout, or null for none
   */
  public Duration getIdleTimeout() {
    return idleTimeout;
  }

  /**
   * Sets {@code mvx.idle-timeout}.
   *
   * @param idleTimeout a positive duration
   */
  public void setIdleTimeout(Duration idleTimeout) {
    this.idleTimeout = idleTimeout;
  }

  /**
   * The recorder limit.
   *
   * @return the limit, or null for the runtime's default
   */
  public Integer getMaxRecorders() {
    return maxRecorders;
  }

  /**
   * Sets {@code mvx.max-recorders}.
   *
   * @param maxRecorders at least 1
   */
  public void setMaxRecorders(Integer maxRecorders) {
    this.maxRecorders = maxRecorders;
  }

  /**
   * The export roads.
   *
   * @return the {@code mvx.export.*} settings
   */
  public Export getExport() {
    return export;
  }

  /** The {@code mvx.export.*} properties: one switch per export road. */
  public static class Export {

    /** MvxMultiCollector on Boot's client_java PrometheusRegistry, served by /actuator/prometheus. */
    private final Road prometheus = new Road();

    /** MvxMeterBinder on every other MeterRegistry (OTLP, Datadog, Simple...). */
    private final Road micrometer = new Road();

    /** Created by Spring's binder. */
    public Export() {}

    /**
     * The Prometheus road: {@code MvxMultiCollector} on Boot's {@code PrometheusRegistry}.
     *
     * @return its switch
     */
    public Road getPrometheus() {
      return prometheus;
    }

    /**
     * The Micrometer road: {@code MvxMeterBinder} on every other {@code MeterRegistry}.
     *
     * @return its switch
     */
    public Road getMicrometer() {
      return micrometer;
    }
  }

  /** One export road's switch. */
  public static class Road {

    /** Whether this export road is on. */
    private boolean enabled = true;

    /** Created by Spring's binder. */
    public Road() {}

    /**
     * Whether this road is on.
     *
     * @return true unless turned off
     */
    public boolean isEnabled() {
      return enabled;
    }

    /**
     * Turns this road on or off.
     *
     * @param enabled false to turn it off
     */
    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
