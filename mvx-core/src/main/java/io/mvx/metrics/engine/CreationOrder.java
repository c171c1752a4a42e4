package io.mvx.metrics.engine;

/**
 * The attached recorders of a runtime in creation order, linked through the recorders themselves
 * ({@link DefaultRecorder#previous}, {@link DefaultRecorder#next}: no map entry per recorder). Snapshots walk
 * it. Processing thread only.
 */
final class CreationOrder {

  private DefaultRecorder first;
  private DefaultRecorder last;
  private int linked;

  DefaultRecorder first() {
    return first;
  }

  int size() {
    return linked;
  }

  /** Links an attached recorder in creation order (usually at the end: attach order follows creation). */
  void link(DefaultRecorder recorder) {
    DefaultRecorder after = last;
    while (after != null && after.creationIndex > recorder.creationIndex) {
      after = after.previous;
    }
    recorder.previous = after;
    recorder.next = after == null ? first : after.next;
    if (recorder.next == null) {
      last = recorder;
    } else {
      recorder.next.previous = recorder;
    }
    if (after == null) {
      first = recorder;
    } else {
      after.next = recorder;
    }
    recorder.linked = true;
    linked++;
  }

  void unlink(DefaultRecorder recorder) {
    if (!recorder.linked) {
      return;
    }
    if (recorder.previous == null) {
      first = recorder.next;
    } else {
      recorder.previous.next = recorder.next;
    }
    if (recorder.next == null) {
      last = recorder.previous;
    } else {
      recorder.next.previous = recorder.previous;
    }
    recorder.previous = null;
    recorder.next = null;
    recorder.linked = false;
    linked--;
  }
}
