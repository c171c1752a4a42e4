package io.mvx.metrics.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One stripe of a recorder's accept count, alone on its cache lines: the threads that emit to a contended
 * recorder each add to their own stripe (chosen by their lane), so they do not pass one line between cores
 * per event. Like the recorder's base word, it holds the stripe's accepted events with the sign bit
 * ({@link RecorderCounters#CLOSED}) set while the recorder refuses events, and a limit up to which its
 * producers accept without looking at the other stripes (see {@link RecorderCounters}).
 */
final class AcceptStripe extends AcceptStripeFields {

  static final VarHandle WORD;

  static {
    try {
      WORD = MethodHandles.lookup().findVarHandle(AcceptStripeFields.class, "word", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  AcceptStripe(boolean closed) {
    WORD.setVolatile(this, closed ? RecorderCounters.CLOSED : 0L);
  }

  long accepted() {
    return (long) WORD.getVolatile(this) & ~RecorderCounters.CLOSED;
  }
}

/** Padding before the stripe's fields. */
abstract class AcceptStripePad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** What a stripe's producers read and write per event, padded after. */
abstract class AcceptStripeFields extends AcceptStripePad0 {
  /** Accepted events of this stripe, plus {@link RecorderCounters#CLOSED} while closed. */
  volatile long word;
  /** The count up to which this stripe accepts without a look at the whole recorder. */
  long limit;
  long p10, p11, p12, p13, p14, p15, p16, p17;
}
