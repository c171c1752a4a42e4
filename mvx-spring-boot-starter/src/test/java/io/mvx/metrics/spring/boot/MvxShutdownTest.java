package io.mvx.metrics.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.MetricsRuntimeState;
import io.mvx.metrics.RuntimeRecorder;
import io.mvx.metrics.spring.boot.app.LatencyMetric;
import io.mvx.metrics.snapshot.RuntimeStats;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Closing the context drains the runtime, after the components that stop before it. */
class MvxShutdownTest {

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(MvxAutoConfiguration.class));

  @Test
  void closingTheContext_processesEveryAcceptedEvent() {
    AtomicReference<MetricsRuntime> closed = new AtomicReference<>();
    runner.run(context -> {
      MetricsRuntime runtime = context.getBean(MetricsRuntime.class);
      List<CompletableFuture<Void>> producers = new ArrayList<>();
      for (int p = 0; p < 4; p++) {
        RuntimeRecorder recorder = runtime.createRecorder("session-" + p);
        recorder.registerMetric(new LatencyMetric());
        producers.add(CompletableFuture.runAsync(() -> {
          for (int i = 0; i < 20_000; i++) {
            recorder.registerEvent(new LatencyMetric.Request(0.001 * (i % 100)));
          }
        }));
      }
      producers.forEach(CompletableFuture::join);
      closed.set(runtime);
    });

    MetricsRuntime runtime = closed.get();
    RuntimeStats stats = runtime.stats();
    assertThat(runtime.getStatus()).isEqualTo(MetricsRuntimeState.CLOSED);
    assertThat(stats.accepted()).isPositive().isEqualTo(stats.processed());
    assertThat(stats.accepted() + stats.dropped()).isEqualTo(80_000);
    assertThat(stats.pending()).isZero();
  }

  @Test
  void runtime_stopsAfterTheWebServerPhases() {
    runner.withUserConfiguration(LateProducer.class).run(context -> {
      MetricsRuntime runtime = context.getBean(MetricsRuntime.class);
      runtime.createRecorder("late").registerMetric(new LatencyMetric());
      LateProducerLifecycle producer = context.getBean(LateProducerLifecycle.class);
      context.close();

      assertThat(producer.stateWhenStopping.get()).isEqualTo(MetricsRuntimeState.RUNNING);
      assertThat(runtime.stats().rejected()).isZero();
      assertThat(runtime.stats().processed()).isEqualTo(runtime.stats().accepted()).isEqualTo(1);
    });
  }

  /** Stands for the web server: stops in its graceful-shutdown phase and emits one last event then. */
  static final class LateProducerLifecycle implements SmartLifecycle {
    final AtomicReference<MetricsRuntimeState> stateWhenStopping = new AtomicReference<>();
    private final MetricsRuntime runtime;
    private volatile boolean running;

    LateProducerLifecycle(MetricsRuntime runtime) {
      this.runtime = runtime;
    }

    @Override
    public void start() {
      running = true;
    }

    @Override
    public void stop() {
      stateWhenStopping.set(runtime.getStatus());
      runtime.getRecorder("late").registerEvent(new LatencyMetric.Request(0.01));
      running = false;
    }

    @Override
    public boolean isRunning() {
      return running;
    }

    @Override
    public int getPhase() {
      return SmartLifecycle.DEFAULT_PHASE - 2048;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class LateProducer {
    @Bean
    LateProducerLifecycle lateProducer(MetricsRuntime runtime) {
      return new LateProducerLifecycle(runtime);
    }
  }
}
