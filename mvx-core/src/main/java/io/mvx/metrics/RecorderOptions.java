package io.mvx.metrics;

import io.mvx.metrics.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * Per-recorder settings; fields left unset take the runtime's defaults.
 *
 * <pre>{@code
 * runtime.createRecorder("connection-001", RecorderOptions.builder()
 *     .queueCapacity(1_000)
 *     .overflowPolicy(OverflowPolicy.RAISE_ERROR)
 *     .idleTimeout(Duration.ofMinutes(5))
 *     .build());
 * }</pre>
 */
public final class RecorderOptions {

  private static final RecorderOptions DEFAULTS = new RecorderOptions(builder());

  private final int queueCapacity;
  private final OverflowPolicy overflowPolicy;
  private final RecorderListener listener;
  private final Duration idleTimeout;
  private final Boolean exemplars;

  private RecorderOptions(Builder builder) {
    this.exemplars = builder.exemplars;
    this.queueCapacity = builder.queueCapacity;
    this.overflowPolicy = builder.overflowPolicy;
    this.listener = builder.listener;
    this.idleTimeout = builder.idleTimeout;
  }

  /**
   * A builder with every field unset.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Options with every field unset: the runtime's defaults apply.
   *
   * @return the default options
   */
  public static RecorderOptions defaults() {
    return DEFAULTS;
  }

  int queueCapacity(int runtimeDefault) {
    return queueCapacity == 0 ? runtimeDefault : queueCapacity;
  }

  OverflowPolicy overflowPolicy(OverflowPolicy runtimeDefault) {
    return overflowPolicy == null ? runtimeDefault : overflowPolicy;
  }

  RecorderListener listener() {
    return listener;
  }

  Duration idleTimeout(Duration runtimeDefault) {
    return idleTimeout == null ? runtimeDefault : idleTimeout;
  }

  boolean exemplars(boolean runtimeDefault) {
    return exemplars == null ? runtimeDefault : exemplars;
  }

  @Override
  public String toString() {
    return "RecorderOptions{queueCapacity=" + (queueCapacity == 0 ? "default" : queueCapacity)
        + ", overflowPolicy=" + (overflowPolicy == null ? "default" : overflowPolicy)
        + ", listener=" + listener + ", idleTimeout=" + (idleTimeout == null ? "default" : idleTimeout)
        + ", exemplars=" + (exemplars == null ? "default" : exemplars) + "}";
  }

  /** Builds {@link RecorderOptions}. */
  public static final class Builder {
    private int queueCapacity;
    private OverflowPolicy overflowPolicy;
    private RecorderListener listener;
    private Duration idleTimeout;
    private Boolean exemplars;

    private Builder() {}

    /**
     * The most events the recorder holds accepted but unprocessed; at least 1. Several threads emitting to
     * the recorder at once may pass it by at most {@code min(queueCapacity, 256)} events per thread beyond the
     * first (see {@link MetricsRuntime.Builder#defaultQueueCapacity(int)}).
     *
     * @param queueCapacity the queue's capacity in events, at least 1
     * @return this builder
     * @throws IllegalArgumentException if {@code queueCapacity} is below 1
     */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = Checks.positive(queueCapacity, "queueCapacity");
      return this;
    }

    /**
     * What {@code registerEvent} does when the queue is full.
     *
     * @param overflowPolicy the policy
     * @return this builder
     * @throws NullPointerException if {@code overflowPolicy} is null
     */
    public Builder overflowPolicy(OverflowPolicy overflowPolicy) {
      this.overflowPolicy = Objects.requireNonNull(overflowPolicy, "overflowPolicy");
      return this;
    }

    /**
     * Hooks into the recorder's lifecycle, called on the processing thread.
     *
     * @param listener the listener; none by default
     * @return this builder
     * @throws NullPointerException if {@code listener} is null
     */
    public Builder listener(RecorderListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Stops and removes the recorder, as {@link MetricsRuntime#stopAndRemoveRecorder} does, once it has taken
     * no event for this long; its series then vanish from every adapter. Positive; default: the runtime's
     * {@linkplain MetricsRuntime.Builder#defaultIdleTimeout default}, which is none. A recorder with events
     * still waiting to be processed is never idle.
     *
     * @param idleTimeout how long the recorder may take no event, positive
     * @return this builder
     * @throws NullPointerException if {@code idleTimeout} is null
     * @throws IllegalArgumentException if {@code idleTimeout} is zero or negative
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = Checks.positive(idleTimeout, "idleTimeout");
      return this;
    }

    /**
     * Whether the recorder keeps exemplars: takes the producing thread's trace context with every event (see
     * {@link MetricsRuntime.Builder#exemplars(boolean)}); default: the runtime's.
     *
     * @param enabled true for exemplars
     * @return this builder
     */
    public Builder exemplars(boolean enabled) {
      this.exemplars = enabled;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public RecorderOptions build() {
      return new RecorderOptions(this);
    }
  }
}
