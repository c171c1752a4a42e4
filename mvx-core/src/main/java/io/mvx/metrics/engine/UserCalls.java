package io.mvx.metrics.engine;

import io.mvx.metrics.Metric;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.RecorderListener;
import io.mvx.metrics.TraceContext;
import io.mvx.metrics.internal.ProcessingThread;
import io.mvx.metrics.snapshot.MetricSnapshot;
import io.mvx.metrics.snapshot.MetricValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * One processing loop's calls into user code (metrics, listeners, registry listeners), each guarded (what it
 * throws is counted in {@code handlerErrors} and logged, never thrown on) and watched. {@link #enter} notes
 * the recorder and the call, then makes {@link #progress} odd; {@link #exit} makes it even and checks
 * {@link #abandoned}. The {@link Watchdog} declares a call hung when {@code progress} stays at one odd value
 * for the handler timeout; {@link #abandon} then decides, with the loop's thread, whether the call returned
 * after all or the loop must unwind with {@link Abandoned} for a new loop to take its work.
 */
final class UserCalls extends UserCallsPad1 {

  /** {@link #decision}: the watchdog has not decided. */
  static final int UNDECIDED = 0;
  /** {@link #decision}: the watchdog handed this loop's work to a new one; this loop must unwind. */
  static final int TAKEN_OVER = 1;
  /** {@link #decision}: the call returned while the watchdog looked; this loop carries on. */
  static final int CANCELLED = 2;

  private static final VarHandle PROGRESS;

  static {
    try {
      PROGRESS = MethodHandles.lookup().findVarHandle(UserCallsFields.class, "progress", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Engine engine;
  private final RegistryUpkeep registry;

  UserCalls(Engine engine, RegistryUpkeep registry) {
    this.engine = engine;
    this.registry = registry;
  }

  /** Marks the start of a call into user code concerning {@code recorder}. */
  void enter(DefaultRecorder recorder, String what) {
    callRecorder = recorder;
    callWhat = what;
    PROGRESS.setRelease(this, progress + 1);
  }

  /**
   * Marks the start of {@code handleEvent} of the recorder's metric {@code index}: the per-event kind of
   * {@link #enter}, which stores a reference only when it changes (a reference store costs a garbage
   * collector's barrier) and names the call when the watchdog asks ({@link #callWhat()}).
   */
  private void enterMetric(DefaultRecorder recorder, int index) {
    if (callRecorder != recorder) {
      callRecorder = recorder;
    }
    if (callWhat != null) {
      callWhat = null;
    }
    callMetric = index;
    PROGRESS.setRelease(this, progress + 1);
  }

  /** What the current (or last) call is, e.g. {@code metric document_storage.save handleEvent}. */
  String callWhat() {
    String what = callWhat;
    DefaultRecorder recorder = callRecorder;
    return what != null ? what : recorder == null ? "?" : "metric " + recorder.table().name(callMetric) + " handleEvent";
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

  /**
   * Delivers one event to every metric of the recorder in registration order, each call guarded; a traced
   * event's context ({@code trace}, else null) is on the processing thread meanwhile, for {@link io.mvx.metrics.TraceContext#current()}.
   */
  void deliver(DefaultRecorder recorder, Object metrics, RecorderListener listener, MetricEvent event,
      TraceContext trace) {
    if (trace != null) {
      ProcessingThread thread = (ProcessingThread) Thread.currentThread();
      thread.trace(trace);
      try {
        deliverToMetrics(recorder, metrics, listener, event);
      } finally {
        thread.trace(null);
      }
    } else {
      deliverToMetrics(recorder, metrics, listener, event);
    }
  }

  /** {@code metrics} as {@link DefaultRecorder#metrics} holds them: none, one metric, or a table. */
  private void deliverToMetrics(DefaultRecorder recorder, Object metrics, RecorderListener listener,
      MetricEvent event) {
    if (metrics instanceof MetricTable table) {
      for (int i = 0, size = table.size(); i < size; i++) {
        deliverTo(recorder, table.metric(i), i, listener, event);
      }
    } else if (metrics != null) {
      deliverTo(recorder, (Metric) metrics, 0, listener, event);
    }
  }

  private void deliverTo(DefaultRecorder recorder, Metric metric, int index, RecorderListener listener,
      MetricEvent event) {
    boolean changed;
    enterMetric(recorder, index);
    try {
      changed = metric.handleEvent(event);
    } catch (Throwable failure) {
      exit();
      registry.handlerError(recorder, "handleEvent", "metric " + recorder.table().name(index), failure);
      return;
    }
    exit();
    if (changed && listener != null) {
      enter(recorder, "listener onMetricChanged");
      try {
        listener.onMetricChanged(recorder.id, metric, event);
      } catch (Throwable failure) {
        exit();
        registry.handlerError(recorder, "listener", "listener onMetricChanged", failure);
        return;
      }
      exit();
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

  /**
   * The watchdog's side of the handshake described at {@link #exit()}, for a call found at {@code seen} for the
   * handler timeout: the hung thread's stack when the call still runs (its loop must unwind: the decision is
   * {@link #TAKEN_OVER}), or null when it returned meanwhile (the loop carries on: {@link #CANCELLED}).
   */
  StackTraceElement[] abandon(Thread thread, long seen) {
    decision = UNDECIDED;
    abandoned = true;
    StackTraceElement[] stack = thread.getStackTrace(); // a handshake: the thread's stores are visible now
    if (progress != seen) {
      decision = CANCELLED; // the call returned while the watchdog looked
      abandoned = false;
      return null;
    }
    decision = TAKEN_OVER;
    return stack;
  }
}

/**
 * Padding before the watchdog's view, away from whatever object lies before this one: 128 bytes, two lines,
 * as a core may fetch lines in pairs, and bytes for the holes of the field layout (see {@link LanePad0}).
 */
abstract class UserCallsPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
  byte b00, b01, b02, b03, b04, b05, b06, b07;
}

/**
 * The watchdog's view, written by the loop's thread on every event ({@code progress} twice): on lines of its
 * own, so that no producer reading a neighbouring object pays a transfer between cores per event.
 */
abstract class UserCallsFields extends UserCallsPad0 {
  /** Odd while a call into user code runs; bumped on every enter and exit. */
  volatile long progress;
  /** The recorder the current (or last) call into user code concerns. */
  DefaultRecorder callRecorder;
  /** What the current (or last) call is, or null for a metric's handleEvent: see {@link UserCalls#callWhat()}. */
  String callWhat;
  /** The index of the metric whose handleEvent is the current (or last) call, when {@link #callWhat} is null. */
  int callMetric;
  /** Set by the watchdog while it decides whether this loop hangs; see {@link UserCalls#exit()}. */
  volatile boolean abandoned;
  volatile int decision = UserCalls.UNDECIDED;
}

/** Padding after the watchdog's view. */
abstract class UserCallsPad1 extends UserCallsFields {
  long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
  byte b10, b11, b12, b13, b14, b15, b16, b17;
}
