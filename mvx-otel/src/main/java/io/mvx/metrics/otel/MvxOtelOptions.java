package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.internal.Checks;
import io.mvx.metrics.internal.export.ReservedKeys;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of {@link MvxOtelMetrics#register(io.mvx.metrics.MetricsRuntime,
 * io.opentelemetry.api.OpenTelemetry, MvxOtelOptions)}; immutable.
 *
 * <pre>{@code
 * MvxOtelOptions options = MvxOtelOptions.builder()
 *     .instrumentationVersion("2.3.1")          // version of the meter (instrumentation scope)
 *     .recorderAttributeKey("mvx.recorder")     // attribute that carries the recorder id
 *     .collectionDeadline(Duration.ofSeconds(2)) // never wait longer for the processing thread
 *     .build();
 * MvxOtelMetrics registration = MvxOtelMetrics.register(runtime, openTelemetry, options);
 * }</pre>
 */
public final class MvxOtelOptions {

  /** The default attribute key that carries the recorder id. */
  public static final String DEFAULT_RECORDER_ATTRIBUTE_KEY = ReservedKeys.RECORDER;

  private static final MvxOtelOptions DEFAULTS = builder().build();

  private final String instrumentationVersion;
  private final String recorderAttributeKey;
  private final Duration collectionDeadline;

  private MvxOtelOptions(Builder builder) {
    this.instrumentationVersion = builder.instrumentationVersion;
    this.recorderAttributeKey = builder.recorderAttributeKey;
    this.collectionDeadline = builder.collectionDeadline;
  }

  /**
   * No instrumentation version, recorder attribute {@value MvxOtelOptions#DEFAULT_RECORDER_ATTRIBUTE_KEY}.
   *
   * @return the default options
   */
  public static MvxOtelOptions defaults() {
    return DEFAULTS;
  }

  /**
   * A builder starting from the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The meter's (instrumentation scope's) version.
   *
   * @return the version, empty when none is set
   */
  public String instrumentationVersion() {
    return instrumentationVersion;
  }

  /**
   * The attribute key that carries the recorder id on every series.
   *
   * @return the key
   */
  public String recorderAttributeKey() {
    return recorderAttributeKey;
  }

  /**
   * The longest a collection (of {@code register}'s instruments or of the {@code metricProducer}) waits for
   * the runtime's processing thread.
   *
   * @return the deadline, empty for the default: the runtime's operation timeout
   */
  public java.util.Optional<Duration> collectionDeadline() {
    return java.util.Optional.ofNullable(collectionDeadline);
  }

  /** One runtime snapshot within the collection deadline: a late cut is served as the last good one. */
  RuntimeSnapshot snapshot(MetricsRuntime runtime) {
    return collectionDeadline == null ? runtime.snapshot() : runtime.snapshot(collectionDeadline);
  }

  @Override
  public String toString() {
    return "MvxOtelOptions{instrumentationVersion=" + instrumentationVersion
        + ", recorderAttributeKey=" + recorderAttributeKey
        + (collectionDeadline == null ? "" : ", collectionDeadline=" + collectionDeadline) + "}";
  }

  /** Builds {@link MvxOtelOptions}; not thread-safe. */
  public static final class Builder {
    private String instrumentationVersion = "";
    private String recorderAttributeKey = DEFAULT_RECORDER_ATTRIBUTE_KEY;
    private Duration collectionDeadline;

    private Builder() {}

    /**
     * Sets the longest a collection waits for the runtime's processing thread (default: the runtime's
     * operation timeout; a longer deadline is cut to it). When the current cut is late, the collection
     * exports each recorder's last good snapshot and {@code mvx.runtime.snapshot.age} (seconds) says how old
     * it is; see {@link MetricsRuntime#snapshot(Duration)}. Keep it below the reader's export timeout.
     *
     * @param deadline positive
     * @return this builder
     */
    public Builder collectionDeadline(Duration deadline) {
      this.collectionDeadline = Checks.positive(deadline, "collectionDeadline");
      return this;
    }

    /**
     * Sets the version of the meter (instrumentation scope), e.g. the application's version; trimmed,
     * non-blank.
     *
     * @param version the version
     * @return this builder
     */
    public Builder instrumentationVersion(String version) {
      this.instrumentationVersion = requireText(version, "instrumentationVersion");
      return this;
    }

    /**
     * Sets the attribute key that carries the recorder id (default
     * {@value MvxOtelOptions#DEFAULT_RECORDER_ATTRIBUTE_KEY}); trimmed, non-blank, no control characters. A label of
     * the same name on a metric value makes that value unexportable (it is skipped, counted and logged).
     *
     * @param key the attribute key
     * @return this builder
     */
    public Builder recorderAttributeKey(String key) {
      this.recorderAttributeKey = requireText(key, "recorderAttributeKey");
      return this;
    }

    /**
     * The options.
     *
     * @return immutable options
     */
    public MvxOtelOptions build() {
      return new MvxOtelOptions(this);
    }

    private static String requireText(String value, String argument) {
      Objects.requireNonNull(value, argument);
      String text = value.strip();
      if (text.isEmpty()) {
        throw new IllegalArgumentException("'" + value + "': " + argument + " must not be blank");
      }
      for (int i = 0; i < text.length(); i++) {
        if (Character.isISOControl(text.charAt(i))) {
          throw new IllegalArgumentException(
              "'" + value + "': " + argument + " must not contain control characters");
        }
      }
      return text;
    }
  }
}
