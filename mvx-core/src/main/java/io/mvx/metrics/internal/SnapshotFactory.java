package io.mvx.metrics.internal;

import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.RuntimeSnapshot;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.Map;

/**
 * Lets the runtime wrap the maps it built for a {@link RuntimeSnapshot} without the defensive copy that
 * {@link RuntimeSnapshot#of} makes for everyone else (a scrape of 100,000 recorders would copy them all
 * again). Not API: this package may change without notice.
 */
public final class SnapshotFactory {

  /** Implemented inside the snapshot package, which installs it when {@link RuntimeSnapshot} loads. */
  public interface Owned {
    /** Wraps maps nobody else holds; each recorder map is already unmodifiable and ordered. */
    RuntimeSnapshot wrap(String namespace, Map<String, Map<String, MetricSnapshot>> recorders, RuntimeStats stats);
  }

  private static volatile Owned owned;

  private SnapshotFactory() {}

  /** Called once by {@link RuntimeSnapshot}'s static initialiser. */
  public static void install(Owned factory) {
    if (owned == null) {
      owned = factory;
    }
  }

  /** A snapshot wrapping {@code recorders} as they are; the caller must not keep or change the maps. */
  public static RuntimeSnapshot owned(
      String namespace, Map<String, Map<String, MetricSnapshot>> recorders, RuntimeStats stats) {
    Owned factory = owned;
    if (factory == null) {
      RuntimeSnapshot.empty(namespace, stats); // loads RuntimeSnapshot, which installs the factory
      factory = owned;
    }
    return factory.wrap(namespace, recorders, stats);
  }
}
