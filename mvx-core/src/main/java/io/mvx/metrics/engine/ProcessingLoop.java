package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One processing thread's loop. Each pass runs the queued {@link Control}s (after taking every event published
 * before them: read-your-writes), reads each lane once and takes what it holds, completes the stops whose
 * recorder has drained and expires idle recorders.
 *
 * <p><b>Calls into user code</b> (metrics, listeners, registry listeners) go through {@link #enter} and
 * {@link #exit}: {@code enter} notes the recorder and the call, then makes {@link #progress} odd;
 * {@code exit} makes it even and checks {@link #abandoned}. The {@link Watchdog} declares a call hung when
 * {@code progress} stays at one odd value for the handler timeout, and hands the work to a new loop. Every
 * position this loop needs to resume (a lane's read position, the current run, the control batch and its
 * index) is written before {@code enter}'s release store, so the watchdog, which reads {@code progress} with
 * acquire, sees it all and hands it to the new loop through {@link Thread#start()}. A call that returns after
 * the takeover finds {@code abandoned} set in {@code exit} and unwinds with {@link Abandoned} before touching
 * anything (see {@link #exit()} for the handshake).
 *
 * <p>It does not chase producers: after a pass that found little it pauses before reading the lanes again, so
 * producers fill whole cache lines undisturbed; with nothing to do it parks, for longer each time, up to
 * {@link #MAX_PARK_NANOS}, and then sleeps deeply. Producers wake it when they start a new chunk, and on any
 * event while it sleeps deeply; controls wake it at once.
 */
final class ProcessingLoop implements Runnable, Lane.Sink {

  /** Events taken from one lane in one pass at most, so controls and other lanes wait little. */
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

  /** {@link #decision}: the watchdog has not decided. */
  static final int UNDECIDED = 0;
  /** {@link #decision}: the watchdog handed this loop's work to a new one; this loop must unwind. */
  static final int TAKEN_OVER = 1;
  /** {@link #decision}: the call returned while the watchdog looked; this loop carries on. */
  static final int CANCELLED = 2;

  private static final VarHandle PROGRESS;

  static {
    try {
      PROGRESS = MethodHandles.lookup().findVarHandle(ProcessingLoop.class, "progress", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Engine engine;
  private final Handoff handoff;
  private final RecorderRegistry registry;
  private final ControlQueue controls;
  /** The loop whose work this one takes over, or null for the first. */
  private final ProcessingLoop previous;
  final int generation;
  Thread thread;

  // ---- the watchdog's view: written by this loop, read by the watchdog ----
  /** Odd while a call into user code runs; bumped on every enter and exit. */
  volatile long progress;
  /** The recorder the current (or last) call into user code concerns. */
  DefaultRecorder callRecorder;
  /** What the current (or last) call is, e.g. {@code metric document_storage.save handleEvent}. */
  String callWhat;
  /** Set by the watchdog while it decides whether this loop hangs; see {@link #exit()}. */
  volatile boolean abandoned;
  volatile int decision = UNDECIDED;
  /** Set to end this loop without draining (an aborted runtime). */
  volatile boolean aborted;

  // ---- this loop's resumable state, handed over on a takeover ----
  boolean shuttingDown;
  private long now;
  /** The recorder whose consecutive events are being delivered, and how many so far. */
  DefaultRecorder run;
  long runLength;
  /** True when the current run's events are not delivered (a failed recorder) but counted as rejected. */
  boolean runDiscarded;
  /** The controls being run, and the index of the one running. */
  List<Control> batch = new ArrayList<>();
  int batchIndex;

  ProcessingLoop(Engine engine, int generation, ProcessingLoop previous) {
    this.engine = engine;
    this.handoff = engine.handoff();
    this.registry = engine.registry();
    this.controls = engine.controls();
    this.generation = generation;
    this.previous = previous;
  }

  // ---- calls into user code ----

  /** Marks the start of a call into user code concerning {@code recorder}. */
  void enter(DefaultRecorder recorder, String what) {
    callRecorder = recorder;
    callWhat = what;
    PROGRESS.setRelease(this, progress + 1);
  }

  /**
   * Marks the end of a call into user code. The store of {@code progress} comes before the read of
   * {@code abandoned}; the watchdog writes {@code abandoned} before it takes this thread's stack (a handshake
   * that brings this thread to a safepoint, fencing it) and reads {@code progress} after. So either the
   * watchdog sees the call ended and cancels, or this thread sees {@code abandoned} and waits for the
   * watchdog's {@link #decision}: never both carrying on.
   */
  void exit() {
    PROGRESS.setRelease(this, progress + 1);
    if (abandoned) {
      awaitDecision();
    }
  }

  private void awaitDecision() {
    while (abandoned && decision == UNDECIDED) {
      Thread.onSpinWait();
    }
    if (decision == TAKEN_OVER) {
      throw Abandoned.INSTANCE;
    }
  }

  /** Thrown through this loop's own frames once a new loop has its work; never reaches user code. */
  static final class Abandoned extends Error {
    private static final long serialVersionUID = 1L;
    static final Abandoned INSTANCE = new Abandoned();

    private Abandoned() {
      super("processing loop taken over by a new thread", null, false, false);
    }
  }

  /** Delivers one event to every metric of the recorder in registration order, each call guarded. */
  private void deliver(DefaultRecorder recorder, MetricEvent event) {
    MetricTable metrics = recorder.table;
    RecorderListener listener = recorder.listener;
    for (int i = 0, size = metrics.size(); i < size; i++) {
      Metric metric = metrics.metric(i);
      boolean changed;
      enter(recorder, metrics.name(i));
      try {
        changed = metric.handleEvent(event);
      } catch (Throwable failure) {
        exit();
        registry.handlerError(recorder, "handleEvent", "metric " + metrics.name(i), failure);
        continue;
      }
      exit();
      if (changed && listener != null) {
        enter(recorder, "listener onMetricChanged");
        try {
          listener.onMetricChanged(recorder.id, metric, event);
        } catch (Throwable failure) {
          exit();
          registry.handlerError(recorder, "listener", "listener onMetricChanged", failure);
          continue;
        }
        exit();
      }
    }
  }

  /** The metric's snapshot, or null when it threw or returned null (counted and logged) or its recorder hung. */
  MetricSnapshot snapshot(DefaultRecorder recorder, Metric metric, String name) {
    if (recorder.hung) {
      return null;
    }
    MetricSnapshot snapshot;
    enter(recorder, name);
    try {
      snapshot = Objects.requireNonNull(metric.snapshot(), "snapshot() returned null");
    } catch (Throwable failure) {
      exit();
      registry.handlerError(recorder, "snapshot", "snapshot of metric " + name, failure);
      return null;
    }
    exit();
    String tooLong = labelValueTooLong(snapshot);
    if (tooLong != null) {
      registry.handlerError(recorder, "snapshot", "snapshot of metric " + name + " carries a label value of "
          + tooLong.length() + " characters, longer than maxLabelValueLength " + engine.maxLabelValueLength()
          + " (it starts '" + tooLong.substring(0, Math.min(tooLong.length(), 32))
          + "'); the metric is left out of snapshots", null);
      return null;
    }
    return snapshot;
  }

  private String labelValueTooLong(MetricSnapshot snapshot) {
    int max = engine.maxLabelValueLength();
    for (MetricValue value : snapshot.values()) {
      for (String label : value.labels().values()) {
        if (label.length() > max) {
          return label;
        }
      }
    }
    return null;
  }

  /**
   * Runs {@code call} (listener code concerning {@code recorder}) guarded; false when it threw (counted and
   * logged) or the recorder hung before.
   */
  boolean call(DefaultRecorder recorder, String what, Runnable call) {
    if (recorder.hung) {
      return false;
    }
    enter(recorder, what);
    try {
      call.run();
    } catch (Throwable failure) {
      exit();
      registry.handlerError(recorder, "listener", what, failure);
      return false;
    }
    exit();
    return true;
  }

  // ---- the lanes ----

  @Override
  public void accept(DefaultRecorder recorder, MetricEvent event) {
    if (recorder != run) {
      endRun();
      run = recorder;
      runLength = 1; // before the attach below calls user code: a takeover counts this event
      runDiscarded = !registry.prepareRun(recorder);
    } else {
      runLength++;
    }
    if (!runDiscarded) {
      deliver(recorder, event);
    }
  }

  /** Counts the events of the current run of one recorder: processed, or rejected for a failed recorder. */
  private void endRun() {
    DefaultRecorder ended = run;
    if (ended != null) {
      registry.ranEvents(ended, runLength, runDiscarded, now);
      run = null;
      runLength = 0;
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
    } catch (Abandoned abandon) {
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
      registry.ranEvents(old.run, old.runLength, old.runDiscarded, now);
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
    long parkNanos = MIN_PARK_NANOS;
    long passes = 0;
    for (;;) {
      now = engine.now();
      boolean ranControls = runControls();
      long took = takeFromLanes(PASS_LIMIT, registry.hasPendingStops());
      registry.finishDrainedStops(this);
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
      if (took >= BUSY || ranControls) {
        quietPasses = 0;
        parkNanos = MIN_PARK_NANOS;
      } else if (++quietPasses < IDLE_PASSES) {
        pause();
      } else {
        handoff.releaseEndedLanes();
        // back off: timed parks from MIN to MAX_PARK_NANOS, then deep sleeps that producers cut short
        boolean stopsWaiting = registry.hasPendingStops();
        boolean deep = parkNanos > MAX_PARK_NANOS && !stopsWaiting;
        long nanos = stopsWaiting ? MIN_PARK_NANOS : deep ? SLEEP_NANOS : parkNanos;
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
   * Runs every queued control, after taking all events published before them (read-your-writes) and
   * expiring the recorders due; true when one ran.
   */
  private boolean runControls() {
    controls.pollAll(batch);
    if (batch.isEmpty()) {
      return false;
    }
    takeFromLanes(Long.MAX_VALUE, true);
    registry.finishDrainedStops(this);
    expireIdle();
    runBatch();
    return true;
  }

  private void runBatch() {
    Control.SnapshotRequest[] cut = new Control.SnapshotRequest[1];
    for (batchIndex = 0; batchIndex < batch.size() && !aborted; batchIndex++) {
      Control control = batch.get(batchIndex);
      if (control instanceof Control.SnapshotRequest || control instanceof Control.RecorderSnapshotRequest) {
        registry.finishDrainedStops(this); // what the controls before it stopped or expired is gone
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
        registry.run(control, this);
      }
    }
    batch.clear();
    batchIndex = 0;
    registry.finishDrainedStops(this);
  }

  private void expireIdle() {
    if (registry.expiryDue(now)) {
      registry.expireIdle(now);
      registry.finishDrainedStops(this);
    }
  }

  /** Begins the shutdown: every recorder is stopped and removed; the loop ends once all have drained. */
  void beginShutdown() {
    shuttingDown = true;
    registry.stopAll();
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
