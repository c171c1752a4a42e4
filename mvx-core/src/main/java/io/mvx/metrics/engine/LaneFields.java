package io.mvx.metrics.engine;

import io.mvx.metrics.TraceContext;

/**
 * Padding before the producer's fields, away from the object header and other objects. Each padding class is
 * 128 bytes of longs (a core may fetch lines in pairs) and a few bytes: the JVM lays a class's fields out in
 * the holes its superclasses left (a long aligns to 8), and bytes fill those holes first, so that no field of
 * a later class (the processing thread's {@code readIndex}, say) lands among the fields this padding guards.
 * {@code FieldLayoutTest} checks the result.
 */
abstract class LanePad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p0a, p0b, p0c, p0d, p0e, p0f;
  byte b00, b01, b02, b03, b04, b05, b06, b07;
}

/** What the producer writes on every event. */
abstract class LaneProducerFields extends LanePad0 {
  Chunk writeChunk;
  /** The slots of the current chunk where a recorder and an event were last written. */
  int recorderAt;
  int eventAt;
  /**
   * The trace context of the last pair appended; the capture compares the next one with it, so that the
   * events of one span share one object.
   */
  TraceContext lastTrace;
  int writeIndex;
  volatile int credits;
  volatile long published;
}

/** Padding between the producer's and the processing thread's fields (see {@link LanePad0}). */
abstract class LanePad1 extends LaneProducerFields {
  long p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p1a, p1b, p1c, p1d, p1e, p1f;
  byte b10, b11, b12, b13, b14, b15, b16, b17;
}

/** What the processing thread writes as it reads. */
abstract class LaneConsumerFields extends LanePad1 {
  Chunk readChunk;
  int readIndex;
  long consumed;
  /** {@code published} as the last drain read it. */
  long publishedSeen;
  /** {@code consumed} when the runtime-wide credits were last given back. */
  long credited;
  /** What the read-ahead read, kept so that the compiler keeps the reads (see {@link Lane#READ_AHEAD}). */
  int readAheadSum;
}

/** Padding between the processing thread's fields and the recycled stack (see {@link LanePad0}). */
abstract class LanePad2 extends LaneConsumerFields {
  long p20, p21, p22, p23, p24, p25, p26, p27, p28, p29, p2a, p2b, p2c, p2d, p2e, p2f;
  byte b20, b21, b22, b23, b24, b25, b26, b27;
}

/**
 * The stack of chunks the processing thread gives back, on a line of its own: both sides touch it once per
 * chunk, and neither should then pull the other's per-event line.
 */
abstract class LaneRecycledField extends LanePad2 {
  /** Chunks the processing thread gave back, linked through {@link Chunk#nextFree}. */
  volatile Chunk recycled;
}

/**
 * Padding after the recycled stack, before the lane's own fields and other objects (see {@link LanePad0}): the
 * last of the classes that lay out a {@link Lane}'s fields, each group on lines of its own.
 */
abstract class LaneFields extends LaneRecycledField {
  long p30, p31, p32, p33, p34, p35, p36, p37, p38, p39, p3a, p3b, p3c, p3d, p3e, p3f;
  byte b30, b31, b32, b33, b34, b35, b36, b37;
}
