package io.mvx.metrics.spring.boot;

import io.mvx.metrics.MetricsRuntime;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the auto-configured runtime down, draining every accepted event, in its shutdown phase (see
 * {@link MvxAutoConfiguration}). The runtime is already running when this starts: starting only marks it.
 */
final class RuntimeLifecycle implements SmartLifecycle {

  private final MetricsRuntime runtime;
  private final int phase;
  private volatile boolean running;

  RuntimeLifecycle(MetricsRuntime runtime, int phase) {
    this.runtime = runtime;
    this.phase = phase;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    runtime.shutdown();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return phase;
  }
}
