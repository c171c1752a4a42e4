package io.mvx.metrics.engine;

import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.TraceContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One processing thread's loop. Each pass runs the queued {@link Control}s (after taking every event published
 * before them: read-your-writes), reads each lane once and takes what it holds, completes the stops whose
 * recorder has drained and expires idle recorders.
 *
 * <p><b>Calls into user code</b> go through its {@link UserCalls}, which the {@link Watchdog} watches. Every
 * position this loop needs to resume (a lane's read position, the current run and the pairs of it still to
 * come, the control batch and its index) is written before a call's {@code enter} (a release store), so the
 * watchdog, which reads {@code progress} with acquire, sees it all and hands it to the new loop through
 * {@link Thread#start()}. A call that returns after the takeover unwinds with {@link UserCalls.Abandoned}
 * before touching anything.
 *
 * <p>It does not chase producers: after a pass that found little it pauses before reading the lanes again, so
 * producers fill whole cache lines undisturbed; with nothing to do it parks, for longer each time, up to
 * {@link #MAX_PARK_NANOS}, and then sleeps deeply. Producers wake it when they start a new chunk, and on any
 * event while it sleeps deeply; controls wake it at once.
 */
final class ProcessingLoop extends ProcessingLoopFields implements Runnable, Lane.Sink {

  /** Events taken from one lane in one pass at most, so controls and other lanes wait little. */
  private static final long PASS_LIMIT = 16L * Chunk.SIZE;
  /** A run of one recorder's events is counted (its {@code processed} written) every this many events. */
  private static final int COUNT_EVERY = Chunk.SIZE;
  /** A pass that took fewer events than this is followed by a pause instead of the next pass at once. */
  private static final int BUSY = 64;
  private static final int PAUSE_SPINS = 128;
  private static final int IDLE_PASSES = 64;
  /**
   * Quiet passes before a park at most, about {@value} pauses of a few microseconds: the spin grows while
   * parks keep being cut short by work (see {@link #loop()}) and shrinks while they run their course.
   */
  private static final int MAX_SPIN_PASSES = 1024;
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
  private final RegistryUpkeep upkeep;
  /** Every call into user code this loop makes, guarded and watched. */
  final UserCalls calls;
  private final ControlQueue controls;
  /** The loop whose work this one takes over, or null for the first. */
  private final ProcessingLoop previous;
  final int generation;
  Thread thread;

  /** Set to end this loop without draining (an aborted runtime). */
  volatile boolean aborted;

  // ---- this loop's resumable state, handed over on a takeover ----
  boolean shuttingDown;
  // (the current run, written per event, is in ProcessingLoopRun, on lines of its own)
  /** The controls being run, and the index of the one running. */
  List<Control> batch = new ArrayList<>();
  int batchIndex;

  ProcessingLoop(Engine engine, int generation, ProcessingLoop previous) {
    this.engine = engine;
    this.handoff = engine.handoff();
    this.upkeep = engine.registry().upkeep();
    this.calls = new UserCalls(engine, upkeep);
    this.controls = engine.controls();
    this.generation = generation;
    this.previous = previous;
  }

  // ---- the lanes ----

  @Override
  public void accept(DefaultRecorder recorder, MetricEvent event, TraceContext trace) {
    if (recorder != run) {
      endRun();
      run = recorder;
      runLength = 1; // before the attach below calls user code: a takeover counts this event
      runDiscarded = !upkeep.prepareRun(recorder);
      // read once per run, after the lane's published count: every event of the run was published after a
      // registerMetric that happened before it, so the table read here has that metric
      runMetrics = recorder.metrics;
      runListener = recorder.listener();
    } else if (++runLength == COUNT_EVERY) {
      // a long run is counted as it goes, not only at its end: producers see the queue drain while the
      // processing thread works through a backlog, instead of a pass's worth of events late
      upkeep.ranEvents(recorder, runLength - 1, runDiscarded, now);
      runLength = 1;
    }
    if (!runDiscarded) {
      calls.deliver(recorder, runMetrics, runListener, event, trace);
    }
  }

  /**
   * {@link #accept} {@code count} times, keeping in {@link #runLeft} how many are still to come: a takeover
   * counts them as rejected, since the lane's position is already past them. A method of its own, so that
   * {@link #accept}, the path of every pair in the per-entity case, stays as small as it was for the JIT.
   */
  @Override
  public void acceptRepeats(DefaultRecorder recorder, MetricEvent event, TraceContext trace, int count) {
    runLeft = count - 1; // before the first: its attach may call user code
    accept(recorder, event, trace);
    while (runLeft > 0) {
      runLeft--;
      accept(recorder, event, trace);
    }
  }

  /** Counts the events of the current run of one recorder: processed, or rejected for a failed recorder. */
  private void endRun() {
    DefaultRecorder ended = run;
    if (ended != null) {
      upkeep.ranEvents(ended, runLength, runDiscarded, now);
      run = null;
      runLength = 0;
      runMetrics = null;
      runListener = null;
    }
  }

  /**
   * Reads each lane once and takes up to {@code limit} events from it, all of them or only whole chunks
   * (see {@link Lane#drain}); returns how many in all. A run of one recorder's events ends with each lane's
   * drain, so a recorder's fields are read once per run, after that lane's published count.
   */
  private long takeFromLanes(long limit, boolean everything) {
    long total = 0;
    for (Lane lane : handoff.lanes()) {
      if (aborted) {
        break;
      }
      total += lane.drain(limit, everything, this);
      endRun();
      handoff.returnCredits(lane.uncredited());
      lane.credited();
    }
    return total;
  }

  // ---- the loop ----

  @Override
  public void run() {
    Throwable fatal = null;
    try {
      if (previous != null) {
        takeOver(previous);
      }
      loop();
    } catch (UserCalls.Abandoned abandon) {
      return; // a new loop has this one's work: touch nothing
    } catch (Throwable failure) {
      fatal = failure;
      engine.log().error("processing thread of runtime '" + engine.namespace() + "' failed", failure);
    }
    engine.terminated(this, fatal);
  }

  /**
   * Takes over the work of a loop whose user call hung: counts its current run, gives back the credits of
   * the events it took, and resumes its control batch at the control that hung. Its recorder is failed by
   * then, so what runs again skips that recorder's code.
   */
  private void takeOver(ProcessingLoop old) {
    now = engine.now();
    shuttingDown = old.shuttingDown;
    if (old.run != null) {
      upkeep.ranEvents(old.run, old.runLength, old.runDiscarded, now);
      if (old.runLeft > 0) {
        // taken from the lane with the hung one and never delivered: rejected, as a failed recorder's are
        upkeep.ranEvents(old.run, old.runLeft, true, now);
      }
    }
    for (Lane lane : handoff.lanes()) {
      handoff.returnCredits(lane.uncredited());
      lane.credited();
    }
    List<Control> left = old.batch;
    for (int i = old.batchIndex; i < left.size(); i++) {
      batch.add(left.get(i));
    }
    runBatch();
  }

  private void loop() {
    int quietPasses = 0;
    int spinPasses = IDLE_PASSES;
    long parkNanos = MIN_PARK_NANOS;
    long passes = 0;
    for (;;) {
      now = engine.now();
      boolean ranControls = runControls();
      long took = takeFromLanes(PASS_LIMIT, upkeep.hasPendingStops());
      upkeep.finishDrainedStops(this);
      expireIdle();
      if (++passes % RELEASE_EVERY_PASSES == 0) {
        handoff.releaseEndedLanes();
      }
      if (aborted) {
        return;
      }
      if (shuttingDown && upkeep.isEmpty() && !upkeep.hasPendingStops()) {
        takeFromLanes(Long.MAX_VALUE, true);
        return;
      }
      if (took >= BUSY || ranControls) {
        quietPasses = 0;
        parkNanos = MIN_PARK_NANOS;
      } else if (++quietPasses < spinPasses || anyLaneHolding()) {
        // a lane still holding events is a producer in the middle of a chunk (a drain that finds one that
        // published nothing since the last takes the rest): pause, never park, so a producer that hiccups
        // does not find the processing thread asleep behind a backlog
        pause();
      } else {
        handoff.releaseEndedLanes();
        // back off: timed parks from MIN to MAX_PARK_NANOS, then deep sleeps that producers cut short
        boolean stopsWaiting = upkeep.hasPendingStops();
        boolean deep = parkNanos > MAX_PARK_NANOS && !stopsWaiting;
        long nanos = stopsWaiting ? MIN_PARK_NANOS : deep ? SLEEP_NANOS : parkNanos;
        if (park(Math.min(nanos, untilNextExpiry()), deep)) {
          // work came while parked: a producer that paused briefly (a collection, a safepoint, a slow call)
          // and carries on. Spin longer before the next park, since a parked thread wakes late (on a
          // virtual machine a halted core takes the host's time), behind a backlog a full-speed producer
          // fills in microseconds; a park that ran its course without work shortens the spin again
          spinPasses = Math.min(MAX_SPIN_PASSES, spinPasses * 2);
          parkNanos = MIN_PARK_NANOS;
          quietPasses = 0;
        } else if (parkNanos <= MAX_PARK_NANOS) {
          spinPasses = Math.max(IDLE_PASSES, spinPasses / 2);
          parkNanos = parkNanos == MAX_PARK_NANOS ? MAX_PARK_NANOS + 1 : Math.min(parkNanos * 2, MAX_PARK_NANOS);
        } else if (deep) {
          handoff.trim(); // a whole deep sleep without work: give back what a burst left behind
        }
      }
    }
  }

  /**
   * Runs every queued control, after taking all events published before them (read-your-writes) and
   * expiring the recorders due; true when one ran.
   */
  private boolean runControls() {
    controls.pollAll(batch);
    if (batch.isEmpty()) {
      return false;
    }
    // the clock read again after the controls were taken: a snapshot asked for after the clock passed an idle
    // recorder's deadline must not be served with the pass's earlier reading (and the recorder in it)
    now = engine.now();
    takeFromLanes(Long.MAX_VALUE, true);
    upkeep.finishDrainedStops(this);
    expireIdle();
    runBatch();
    return true;
  }

  private void runBatch() {
    Control.SnapshotRequest[] cut = new Control.SnapshotRequest[1];
    for (batchIndex = 0; batchIndex < batch.size() && !aborted; batchIndex++) {
      Control control = batch.get(batchIndex);
      if (control instanceof Control.SnapshotRequest || control instanceof Control.RecorderSnapshotRequest) {
        upkeep.finishDrainedStops(this); // what the controls before it stopped or expired is gone
        expireIdle();
      }
      if (control instanceof Control.SnapshotRequest request) {
        if (cut[0] != null && cut[0].isDone()) {
          request.complete(cut[0].join()); // several scrapes at once: one cut serves them all
        } else {
          request.complete(engine.snapshotNow(this));
          cut[0] = request;
        }
      } else {
        upkeep.run(control, this);
      }
    }
    batch.clear();
    batchIndex = 0;
    upkeep.finishDrainedStops(this);
  }

  private void expireIdle() {
    if (upkeep.expiryDue(now)) {
      upkeep.expireIdle(now);
      upkeep.finishDrainedStops(this);
    }
  }

  /** Begins the shutdown: every recorder is stopped and removed; the loop ends once all have drained. */
  void beginShutdown() {
    shuttingDown = true;
    engine.registry().stopAll();
  }

  /** Ends this loop without draining: refuses new events and interrupts the thread. */
  void abort() {
    aborted = true;
    Thread current = thread;
    if (current != null && current != Thread.currentThread()) {
      current.interrupt();
      LockSupport.unpark(current);
    }
  }

  private void pause() {
    for (int i = 0; i < PAUSE_SPINS; i++) {
      Thread.onSpinWait();
    }
  }

  private long untilNextExpiry() {
    long next = upkeep.nextExpiryCheck();
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
    if (!controls.isEmpty() || aborted || (deep ? anyLaneHolding() : anyLaneFull())) {
      handoff.cancelPark();
      return true;
    }
    LockSupport.parkNanos(this, nanos);
    handoff.cancelPark();
    if (!aborted) {
      Thread.interrupted(); // user code may interrupt this thread; it must not turn parking into spinning
    }
    return !controls.isEmpty() || anyLaneHolding();
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

  long now() {
    return now;
  }
}
