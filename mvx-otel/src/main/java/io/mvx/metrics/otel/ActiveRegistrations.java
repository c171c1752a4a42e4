package io.mvx.metrics.otel;

import io.mvx.metrics.MetricsRuntime;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Which meter providers each runtime is registered with now: a runtime registered twice with one meter
 * provider would report every series twice per collection (the SDK keeps the first and logs the second at
 * every collection).
 *
 * <p>Neither side is held: runtimes and meter providers are weak keys (compared by identity, as neither type
 * overrides {@code equals}), so a registration that is never closed costs nothing once the application drops
 * its runtime and provider; closing a registration forgets it at once. Nothing else is global: instruments,
 * callbacks and caches belong to each registration.
 */
final class ActiveRegistrations {

  private static final Map<MetricsRuntime, Set<MeterProvider>> BY_RUNTIME = new WeakHashMap<>();

  private ActiveRegistrations() {}

  /** Records {@code runtime} as registered with {@code meterProvider}; false when it already is. */
  static synchronized boolean add(MetricsRuntime runtime, MeterProvider meterProvider) {
    return BY_RUNTIME.computeIfAbsent(runtime, r -> Collections.newSetFromMap(new WeakHashMap<>()))
        .add(meterProvider);
  }

  /** Forgets the registration of {@code runtime} with {@code meterProvider}. */
  static synchronized void remove(MetricsRuntime runtime, MeterProvider meterProvider) {
    Set<MeterProvider> providers = BY_RUNTIME.get(runtime);
    if (providers != null && providers.remove(meterProvider) && providers.isEmpty()) {
      BY_RUNTIME.remove(runtime);
    }
  }

  /** Whether {@code runtime} is registered with any meter provider now (for tests). */
  static synchronized boolean isRegistered(MetricsRuntime runtime) {
    return BY_RUNTIME.containsKey(runtime);
  }
}
