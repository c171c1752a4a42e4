package io.mvx.metrics.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A long updated atomically, alone on its cache lines. */
final class PaddedCounter extends PaddedCounterValue {

  private static final VarHandle VALUE;

  static {
    try {
      VALUE = MethodHandles.lookup().findVarHandle(PaddedCounterValue.class, "value", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  PaddedCounter(long initial) {
    VALUE.setVolatile(this, initial);
  }

  long get() {
    return value;
  }

  boolean compareAndSet(long expected, long next) {
    return VALUE.compareAndSet(this, expected, next);
  }

  void set(long next) {
    VALUE.setVolatile(this, next);
  }

  void add(long delta) {
    VALUE.getAndAdd(this, delta);
  }
}

/** Padding before the value. */
abstract class PaddedCounterPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The value, padded after. */
abstract class PaddedCounterValue extends PaddedCounterPad0 {
  volatile long value;
  long p10, p11, p12, p13, p14, p15, p16, p17;
}
