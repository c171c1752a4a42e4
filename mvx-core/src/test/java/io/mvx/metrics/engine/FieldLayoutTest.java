package io.mvx.metrics.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The padding of the engine's shared objects, as the running JVM lays them out: the JVM places a class's
 * fields in the holes its superclasses left, which once put the processing thread's per-event
 * {@code readIndex} beside a producer's {@code published} count and doubled the cost of an emit. Each
 * group of fields written by one side must stand apart from every other field and from the object's ends.
 */
class FieldLayoutTest {

  /** Two cache lines: a core may fetch lines in pairs. */
  private static final int PAIR = 128;
  private static final int LINE = 64;

  @Test
  void lane_keepsTheProducersAndTheProcessingThreadsFieldsApart() throws Exception {
    Layout lane = Layout.of(Lane.class);
    lane.assertAlone(Set.of("writeChunk", "recorderAt", "eventAt", "lastTrace", "writeIndex", "credits",
        "published"), PAIR);
    lane.assertAlone(Set.of("readChunk", "readIndex", "consumed", "publishedSeen", "credited", "readAheadSum"),
        PAIR);
    lane.assertAlone(Set.of("recycled"), PAIR);
  }

  @Test
  void theProcessingThreadsPerEventWrites_standApartFromItsOtherFieldsAndFromNeighbours() throws Exception {
    Layout.of(UserCalls.class).assertAlone(Set.of("progress", "callRecorder", "callWhat", "callMetric",
        "abandoned", "decision"), PAIR);
    Layout.of(ProcessingLoop.class).assertAlone(Set.of("now", "run", "runLength", "runLeft", "runDiscarded",
        "runMetrics", "runListener"), PAIR);
  }

  @Test
  void sharedCounters_standAloneOnTheirLine() throws Exception {
    Layout.of(AcceptStripe.class).assertAlone(Set.of("word", "limit"), LINE);
    Layout.of(PaddedCounter.class).assertAlone(Set.of("value"), LINE);
  }

  @Test
  void theReadAhead_readsEveryLineARecorderSpans() throws Exception {
    // DefaultRecorder.readAhead reads these: with the first field and the last among them, and none more than a
    // line from the next, every line the recorder's fields lie on holds one of them, wherever the object starts
    Layout recorder = Layout.of(DefaultRecorder.class);
    List<String> read = List.of("extras", "attachedEpoch", "next", "stopPending");
    long[] offsets = read.stream().mapToLong(recorder::offset).sorted().toArray();
    assertThat(offsets[0]).as("the first field is read ahead: %s", recorder).isEqualTo(recorder.firstOffset());
    assertThat(offsets[offsets.length - 1]).as("the last field is read ahead: %s", recorder)
        .isEqualTo(recorder.lastOffset());
    for (int i = 1; i < offsets.length; i++) {
      assertThat(offsets[i] - offsets[i - 1]).as("fields read ahead a line apart at most: %s", recorder)
          .isLessThanOrEqualTo(LINE);
    }
  }

  /** The instance fields of a class and its superclasses, with their offsets in this JVM. */
  private record Layout(Class<?> type, List<Slot> slots, long end) {

    private record Slot(String name, long offset, int size) {}

    static Layout of(Class<?> type) throws ReflectiveOperationException {
      // looked up by reflection: a compile-time reference to sun.misc.Unsafe is a warning, and warnings fail the build
      Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
      Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
      theUnsafe.setAccessible(true);
      Object unsafe = theUnsafe.get(null);
      Method offsetOf = unsafeClass.getMethod("objectFieldOffset", Field.class);
      List<Slot> slots = new ArrayList<>();
      long end = 0;
      for (Class<?> c = type; c != Object.class; c = c.getSuperclass()) {
        for (Field field : c.getDeclaredFields()) {
          if (Modifier.isStatic(field.getModifiers())) {
            continue;
          }
          long offset = (long) offsetOf.invoke(unsafe, field);
          int size = sizeOf(field.getType());
          slots.add(new Slot(field.getName(), offset, size));
          end = Math.max(end, offset + size);
        }
      }
      return new Layout(type, slots, end);
    }

    /** A reference counts as 8 bytes, its size without compressed pointers, so the check holds for both. */
    private static int sizeOf(Class<?> type) {
      if (type == long.class || type == double.class || !type.isPrimitive()) {
        return 8;
      }
      if (type == int.class || type == float.class) {
        return 4;
      }
      return type == short.class || type == char.class ? 2 : 1;
    }

    long offset(String name) {
      return slots.stream().filter(slot -> slot.name().equals(name)).findFirst().orElseThrow().offset();
    }

    long firstOffset() {
      return slots.stream().mapToLong(Slot::offset).min().orElseThrow();
    }

    long lastOffset() {
      return slots.stream().mapToLong(Slot::offset).max().orElseThrow();
    }

    private static boolean isPadding(String name) {
      return name.matches("[pb][0-9a-f]{2}");
    }

    /**
     * Checks that the fields named are at least {@code gap} bytes from the object's start, from its last field's
     * end and from every other field that is not padding.
     */
    void assertAlone(Set<String> group, int gap) {
      long first = Long.MAX_VALUE;
      long last = 0;
      int found = 0;
      for (Slot slot : slots) {
        if (group.contains(slot.name())) {
          first = Math.min(first, slot.offset());
          last = Math.max(last, slot.offset() + slot.size());
          found++;
        }
      }
      assertThat(found).as("fields of %s found in %s", group, type.getSimpleName()).isEqualTo(group.size());
      StringBuilder fields = new StringBuilder();
      for (Slot slot : slots) {
        if (!isPadding(slot.name())) {
          fields.append(' ').append(slot.name()).append('@').append(slot.offset());
        }
      }
      String where = type.getSimpleName() + " " + group + " at [" + first + ", " + last + "), fields:" + fields;
      assertThat(first).as("bytes before " + where).isGreaterThanOrEqualTo(gap);
      assertThat(end - last).as("bytes after " + where).isGreaterThanOrEqualTo(gap);
      for (Slot slot : slots) {
        if (group.contains(slot.name()) || isPadding(slot.name())) {
          continue;
        }
        boolean before = slot.offset() + slot.size() + gap <= first;
        boolean after = slot.offset() >= last + gap;
        assertThat(before || after).as(slot.name() + " next to " + where).isTrue();
      }
    }
  }
}
