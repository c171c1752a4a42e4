package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The processing thread's loop. Each pass runs the queued commands, each after taking every event
 * published before it (read-your-writes), then reads each lane once and takes what it holds, completes the
 * stops whose recorder has drained and expires idle recorders.
 *
 * <p>It does not chase producers: after a pass that found little, it pauses before reading the lanes again,
 * so producers fill whole cache lines undisturbed; with nothing to do it parks, for longer each time, up to
 * {@link #MAX_PARK_NANOS}, and then sleeps deeply. Producers wake it when they start a new chunk, and on any
 * event while it sleeps deeply; commands wake it at once. An event in a chunk that is not full is therefore
 * taken within {@link #MAX_PARK_NANOS} or at once, and always before any later command runs.
 */
final class ProcessingLoop implements Runnable, Lane.Sink {

  /** Events taken from one lane in one pass at most, so commands and other lanes wait little. */
  private static final long PASS_LIMIT = 16L * Chunk.SIZE;
  /** A pass that took fewer events than this is followed by a pause instead of the next pass at once. */
  private static final int BUSY = 64;
  private static final int PAUSE_SPINS = 128;
  private static final int IDLE_PASSES = 64;
  private static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(50);
  static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
  /**
   * The longest deep sleep, once parks of {@link #MAX_PARK_NANOS} found nothing: producers wake it on their
   * next event; the bound only covers a wake-up lost to a race with falling asleep.
   */
  static final long SLEEP_NANOS = TimeUnit.SECONDS.toNanos(1);
  /** How often ended producer threads' lanes are looked for. */
  private static final int RELEASE_EVERY_PASSES = 1024;

  private final Engine engine;
  private final Handoff handoff;
  private final RecorderRegistry registry;
  private final CommandChannel commands;
  private final Consumer<Boolean> onTerminated;
  private volatile boolean aborted;
  private boolean shuttingDown;
  private long now;

  ProcessingLoop(Engine engine, CommandChannel commands, Consumer<Boolean> onTerminated) {
    this.engine = engine;
    this.handoff = engine.handoff();
    this.registry = engine.registry();
    this.commands = commands;
    this.onTerminated = onTerminated;
  }

  boolean isShuttingDown() {
    return shuttingDown;
  }

  void beginShutdown() {
    shuttingDown = true;
    registry.stopAll();
  }

  void abort(Thread thread) {
    aborted = true;
    if (thread != null && thread != Thread.currentThread()) {
      thread.interrupt();
      LockSupport.unpark(thread);
    }
  }

  @Override
  public void run() {
    Throwable fatal = null;
    try {
      loop();
    } catch (Throwable failure) {
      fatal = failure;
      engine.log().error("processing thread of runtime '" + engine.namespace() + "' failed", failure);
    } finally {
      terminate(fatal);
    }
  }

  @Override
  public void accept(Object recorder, Object event) {
    if (aborted) {
      return; // the runtime is being torn down: the event stays counted as pending, never processed
    }
    ((DefaultRecorder) recorder).deliver((MetricEvent) event, now);
  }

  private void loop() {
    int quietPasses = 0;
    long parkNanos = MIN_PARK_NANOS;
    long passes = 0;
    for (;;) {
      now = engine.now();
      boolean ranCommand = runCommands();
      long took = takeFromLanes(PASS_LIMIT, registry.hasPendingStops());
      registry.finishDrainedStops();
      expireIdle();
      if (++passes % RELEASE_EVERY_PASSES == 0) {
        handoff.releaseEndedLanes();
      }
      if (aborted) {
        return;
      }
      if (shuttingDown && registry.isEmpty() && !registry.hasPendingStops()) {
        takeFromLanes(Long.MAX_VALUE, true);
        return;
      }
      if (took >= BUSY || ranCommand) {
        quietPasses = 0;
        parkNanos = MIN_PARK_NANOS;
      } else if (++quietPasses < IDLE_PASSES) {
        pause();
      } else {
        handoff.releaseEndedLanes();
        // back off: timed parks from MIN to MAX_PARK_NANOS, then deep sleeps that producers cut short
        boolean deep = parkNanos > MAX_PARK_NANOS && !registry.hasPendingStops();
        long nanos = registry.hasPendingStops() ? MIN_PARK_NANOS : deep ? SLEEP_NANOS : parkNanos;
        if (park(Math.min(nanos, untilNextExpiry()), deep)) {
          parkNanos = MIN_PARK_NANOS;
          quietPasses = 0;
        } else if (parkNanos <= MAX_PARK_NANOS) {
          parkNanos = parkNanos == MAX_PARK_NANOS ? MAX_PARK_NANOS + 1 : Math.min(parkNanos * 2, MAX_PARK_NANOS);
        } else if (deep) {
          handoff.trim(); // a whole deep sleep without work: give back what a burst left behind
        }
      }
    }
  }

  /**
   * Runs every queued command, each after taking all events published before it (read-your-writes) and
   * expiring the recorders due; true when one ran.
   */
  private boolean runCommands() {
    boolean ran = false;
    Command<?> command;
    while (!aborted && (command = commands.poll()) != null) {
      now = engine.now();
      takeFromLanes(Long.MAX_VALUE, true);
      registry.finishDrainedStops();
      expireIdle();
      command.run();
      registry.finishDrainedStops();
      ran = true;
    }
    return ran;
  }

  private void expireIdle() {
    if (registry.expiryDue(now)) {
      registry.expireIdle(now);
      registry.finishDrainedStops();
    }
  }

  /**
   * Reads each lane once and takes up to {@code limit} events from it, all of them or only whole chunks
   * (see {@link Lane#drain}); returns how many in all.
   */
  private long takeFromLanes(long limit, boolean everything) {
    long total = 0;
    for (Lane lane : handoff.lanes()) {
      if (aborted) {
        break;
      }
      total += lane.drain(limit, everything, this);
    }
    handoff.returnCredits(total);
    return total;
  }

  private void pause() {
    for (int i = 0; i < PAUSE_SPINS; i++) {
      Thread.onSpinWait();
    }
  }

  private long untilNextExpiry() {
    long next = registry.nextExpiryCheck();
    return next == Long.MAX_VALUE ? Long.MAX_VALUE : Math.max(MIN_PARK_NANOS, next - now);
  }

  /**
   * Parks unless work arrived after the announcement; returns true when there is work after it. A deep sleep
   * lets producers wake it on any event.
   */
  private boolean park(long nanos, boolean deep) {
    if (deep) {
      handoff.announceSleep();
    } else {
      handoff.announcePark();
    }
    if (!commands.isEmpty() || aborted || (deep ? anyLaneHolding() : anyLaneFull())) {
      handoff.cancelPark();
      return true;
    }
    LockSupport.parkNanos(this, nanos);
    handoff.cancelPark();
    if (!aborted) {
      Thread.interrupted(); // user code may interrupt this thread; it must not turn parking into spinning
    }
    return !commands.isEmpty() || anyLaneHolding();
  }

  /** True when a lane holds an event not yet taken. */
  private boolean anyLaneHolding() {
    for (Lane lane : handoff.lanes()) {
      if (lane.available() > 0) {
        return true;
      }
    }
    return false;
  }

  /** True when a lane holds a full chunk or more (its producer may already have tried to wake us). */
  private boolean anyLaneFull() {
    for (Lane lane : handoff.lanes()) {
      if (lane.available() >= Chunk.SIZE) {
        return true;
      }
    }
    return false;
  }

  private void terminate(Throwable fatal) {
    MetricsException ended = new MetricsException(MetricsException.RECORDER_STOP_ERROR,
        "runtime '" + engine.namespace() + "' ended before the recorder drained",
        Map.of("namespace", engine.namespace()), fatal);
    registry.failPendingStops(ended);
    registry.all().forEach(DefaultRecorder::closeAcceptance);
    commands.close();
    onTerminated.accept(fatal == null && !aborted);
  }
}
