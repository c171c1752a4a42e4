package io.mvx.metrics.internal.export;

/**
 * The label (tag, attribute) keys the adapters write themselves, so metric values may not use them: the one
 * place these keys are spelled (the core's argument checks refuse them from here too). Not API: this class
 * may change without notice.
 */
public final class ReservedKeys {

  /** The key that carries the recorder id on every exported series. */
  public static final String RECORDER = "recorder";
  /** The key that carries the runtime's namespace on the runtime statistics. */
  public static final String NAMESPACE = "namespace";
  /** The key that carries the {@link SkipReason} on the skip counter. */
  public static final String REASON = "reason";
  /** The key Prometheus histograms use for a bucket's upper bound. */
  public static final String LE = "le";
  /** The key Prometheus summaries use for a quantile. */
  public static final String QUANTILE = "quantile";

  private ReservedKeys() {}

  /**
   * Whether a metric value may not carry {@code key} as a label: it is the recorder key, the bucket bound
   * or quantile key, or starts with {@code __} (reserved by Prometheus).
   *
   * @param key a label key
   * @return whether the key is reserved
   */
  public static boolean isReservedLabel(String key) {
    return RECORDER.equals(key) || LE.equals(key) || QUANTILE.equals(key) || key.startsWith("__");
  }
}
