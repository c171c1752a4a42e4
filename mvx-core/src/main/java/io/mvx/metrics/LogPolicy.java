package io.mvx.metrics;

/**
 * How much a runtime logs through {@link System.Logger}. {@code registerEvent} is never logged.
 */
public enum LogPolicy {
  /** Nothing at all, not even errors. */
  SILENT,
  /** Lifecycle (start, shutdown, recorders created and stopped) and throttled errors. */
  NORMAL,
  /** {@link #NORMAL} plus every read: snapshots, lookups and listings. */
  INSPECTION
}
