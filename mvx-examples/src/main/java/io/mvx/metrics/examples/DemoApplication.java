package io.mvx.metrics.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The main job: {@code java -jar mvx-examples/target/mvx-demo.jar [--port N] [--connections N]
 * [--duration D] [--prometheus-client 1x|simpleclient]}. It serves live metrics on
 * {@code http://127.0.0.1:9464/metrics} (client_java 1.x unless told otherwise), prints a summary every few
 * seconds, and shuts down cleanly (drained, exit code 0) after {@code --duration} or on Ctrl-C.
 */
public final class DemoApplication {

  private DemoApplication() {}

  /** Runs the demo and exits with its status. */
  public static void main(String[] args) {
    int status = run(args, System.out, System.err, new CountDownLatch(1), true);
    System.exit(status);
  }

  /**
   * Runs the demo until {@code --duration} elapses or {@code stop} is counted down.
   *
   * @param installShutdownHook whether Ctrl-C should close the demo (only for a real process)
   * @return the exit status: 0 after a clean shutdown, 2 for a bad command line, 1 when it cannot start
   */
  public static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop,
      boolean installShutdownHook) {
    Optional<DemoOptions> parsed;
    try {
      parsed = DemoOptions.parse(args);
    } catch (DemoOptions.UsageException e) {
      err.println("error: " + e.getMessage());
      err.println(DemoOptions.USAGE);
      return 2;
    }
    if (parsed.isEmpty()) {
      out.println(DemoOptions.USAGE);
      return 0;
    }
    DemoOptions options = parsed.get();
    Demo demo;
    try {
      demo = Demo.start(options);
    } catch (IOException | RuntimeException e) {
      err.println("error: cannot start the demo on 127.0.0.1:" + options.port() + ": " + e);
      return 1;
    }
    out.printf("MVX Metrics demo: runtime '%s', %d connections%n", Demo.NAMESPACE, options.connections());
    out.printf("Prometheus endpoint: http://127.0.0.1:%d/metrics (%s)%n", demo.port(),
        demo.prometheusClient() == DemoOptions.PrometheusClient.ONE_X ? "client_java 1.x" : "simpleclient");
    out.println(options.duration().map(d -> "running for " + d.toSeconds() + " s")
        .orElse("running until Ctrl-C"));
    CountDownLatch closed = new CountDownLatch(1);
    if (installShutdownHook) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.countDown();
        awaitQuietly(closed, 10, TimeUnit.SECONDS);
      }, "mvx-demo-shutdown"));
    }
    ScheduledExecutorService summary = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "mvx-demo-summary");
      thread.setDaemon(true);
      return thread;
    });
    long interval = options.summaryInterval().toMillis();
    summary.scheduleAtFixedRate(() -> demo.printSummary(out), interval, interval, TimeUnit.MILLISECONDS);
    try {
      if (options.duration().isPresent()) {
        awaitQuietly(stop, options.duration().get().toMillis(), TimeUnit.MILLISECONDS);
      } else {
        awaitQuietly(stop, Long.MAX_VALUE, TimeUnit.MILLISECONDS);
      }
    } finally {
      summary.shutdown();
      awaitTermination(summary);
      demo.stopTraffic();
      demo.printSummary(out);
      demo.close();
      out.printf("shut down cleanly: %d events accepted, %d processed, %d pending%n",
          demo.runtime().stats().accepted(), demo.runtime().stats().processed(),
          demo.runtime().stats().pending());
      closed.countDown();
    }
    return 0;
  }

  private static void awaitTermination(ScheduledExecutorService executor) {
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void awaitQuietly(CountDownLatch latch, long timeout, TimeUnit unit) {
    try {
      latch.await(timeout, unit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
