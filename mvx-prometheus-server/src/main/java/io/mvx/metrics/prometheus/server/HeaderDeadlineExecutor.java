package io.mvx.metrics.prometheus.server;

import com.sun.net.httpserver.Authenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpPrincipal;
import com.sun.net.httpserver.HttpServer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of a JDK {@code HttpServer}, with a deadline for reading each request's headers. Not API:
 * shared by the scrape endpoints of the Prometheus adapters.
 *
 * <p>The JDK server reads the request line and headers (and, over TLS, does the handshake) on its
 * executor's thread, with a blocking read that has no timeout of its own; a client that sends half a
 * request holds that thread for as long as it keeps the connection open. Each exchange run here gets a
 * deadline: unless the {@linkplain #authenticator authenticator} (which the server calls once the headers
 * are in) is reached in time, the thread is interrupted, which closes the connection's channel and frees
 * the thread. A request that announces a body keeps its deadline until the exchange ends, since the server
 * reads the body on the same thread. Threads are created on demand up to {@code maxThreads} and retire
 * after a minute idle; more exchanges wait in a queue.
 */
public final class HeaderDeadlineExecutor extends ThreadPoolExecutor {

  private static final AtomicInteger SERVERS = new AtomicInteger();
  private static final HttpPrincipal ANONYMOUS = new HttpPrincipal("anonymous", BasicCredentials.REALM);

  private final long timeoutNanos;
  private final ScheduledThreadPoolExecutor watchdog;
  private final ThreadLocal<Exchange> current = new ThreadLocal<>();

  private HeaderDeadlineExecutor(int maxThreads, long timeoutNanos, ThreadFactory threads,
      ScheduledThreadPoolExecutor watchdog) {
    super(maxThreads, maxThreads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    allowCoreThreadTimeOut(true);
    this.timeoutNanos = timeoutNanos;
    this.watchdog = watchdog;
  }

  /**
   * Daemon threads named {@code mvx-metrics-http-<server>-<n>}, and one watchdog thread.
   *
   * @param headerTimeout how long a connection may take to deliver its request headers (and, over TLS,
   *     finish the handshake) once the server started reading them
   * @param maxThreads how many exchanges run at once
   * @return a running executor; shut it down with the server
   */
  public static HeaderDeadlineExecutor create(Duration headerTimeout, int maxThreads) {
    Objects.requireNonNull(headerTimeout, "headerTimeout");
    if (maxThreads < 1) {
      throw new IllegalArgumentException(maxThreads + ": maxThreads must be at least 1");
    }
    String name = "mvx-metrics-http-" + SERVERS.incrementAndGet();
    ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, daemon(name + "-deadline"));
    watchdog.setRemoveOnCancelPolicy(true);
    return new HeaderDeadlineExecutor(maxThreads, headerTimeout.toNanos(), daemon(name + "-"), watchdog);
  }

  /**
   * The authenticator to set on every context of the server: it ends the header deadline of the exchange
   * it is called for, then lets {@code credentials} decide, or lets everyone in when it is null.
   *
   * @param credentials the real authenticator, or null for none
   * @return an authenticator for every context of the server
   */
  public Authenticator authenticator(Authenticator credentials) {
    return new Authenticator() {
      @Override
      public Result authenticate(HttpExchange exchange) {
        Exchange running = current.get();
        if (running != null && !announcesBody(exchange)) {
          running.headersRead();
        }
        return credentials == null ? new Success(ANONYMOUS) : credentials.authenticate(exchange);
      }
    };
  }

  /**
   * Starts {@code server} from one of this executor's daemon threads, so that its dispatcher thread is a
   * daemon too and never keeps the JVM alive.
   *
   * @param server a bound server whose executor is this one
   */
  public void start(HttpServer server) {
    try {
      submit(server::start).get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot start the metrics server: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the metrics server", e);
    }
  }

  @Override
  public void execute(Runnable command) {
    super.execute(new Exchange(Objects.requireNonNull(command, "command")));
  }

  @Override
  protected void terminated() {
    watchdog.shutdownNow();
  }

  private static boolean announcesBody(HttpExchange exchange) {
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    return exchange.getRequestHeaders().containsKey("Transfer-Encoding")
        || length != null && !length.strip().equals("0");
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, prefix.endsWith("-") ? prefix + count.incrementAndGet() : prefix);
      thread.setDaemon(true);
      return thread;
    };
  }

  /** One exchange's run, interrupted when its headers are not in by the deadline. */
  private final class Exchange implements Runnable {
    private static final int READING = 0;
    private static final int HEADERS_READ = 1;
    private static final int EXPIRED = 2;
    private static final int DONE = 3;

    private final Runnable command;
    private Thread thread; // guarded by this
    private int state = READING; // guarded by this

    Exchange(Runnable command) {
      this.command = command;
    }

    @Override
    public void run() {
      synchronized (this) {
        thread = Thread.currentThread();
      }
      ScheduledFuture<?> deadline;
      try {
        deadline = watchdog.schedule(this::expire, timeoutNanos, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException shuttingDown) {
        deadline = null; // the server is stopping and closes every connection itself
      }
      current.set(this);
      try {
        command.run();
      } finally {
        current.remove();
        if (deadline != null) {
          deadline.cancel(false);
        }
        synchronized (this) {
          state = DONE;
        }
        // an expiry interrupts under the lock, before DONE: clear it so it never reaches the next exchange
        Thread.interrupted();
      }
    }

    synchronized void headersRead() {
      if (state == READING) {
        state = HEADERS_READ;
      }
    }

    synchronized void expire() {
      if (state == READING) {
        state = EXPIRED;
        thread.interrupt(); // the JDK's channel read is interruptible: the connection is closed
      }
    }
  }
}
