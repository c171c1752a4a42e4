package io.mvx.metrics.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.mvx.metrics.LogPolicy;
import io.mvx.metrics.MetricEvent;
import io.mvx.metrics.MetricsException;
import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.TraceContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The engine's parts on their own: a lane, the credit budget, the control queue, the expiry queue, the watchdog. */
class EnginePartsTest {

  private static final MetricEvent EVENT = () -> "test.event";

  private static Engine engine(int eventBufferCapacity, AtomicLong clock) {
    return new Engine("engine.parts", LogPolicy.SILENT, eventBufferCapacity, Duration.ofSeconds(5),
        Duration.ofSeconds(2), 1_000, 1_024, clock::get);
  }

  private static DefaultRecorder recorder(Engine engine, String id, Duration idleTimeout) {
    return (DefaultRecorder) engine.create(id, 1_000, OverflowPolicy.DROP, null, null, idleTimeout);
  }

  @Test
  void lane_recyclesTheChunksItWasGivenBack_beforeAskingThePool() {
    Engine engine = engine(1 << 20, new AtomicLong());
    DefaultRecorder recorder = recorder(engine, "r", null);
    ChunkPool pool = new ChunkPool();
    Lane lane = new Lane(Thread.currentThread(), 0, pool.take());
    Chunk first = lane.writeChunk;
    List<MetricEvent> delivered = new ArrayList<>();
    lane.addCredits(10 * Chunk.SIZE);

    for (int i = 0; i < Chunk.SIZE + 1; i++) {
      lane.append(recorder, EVENT, null, pool); // the last one links a second chunk
    }
    assertThat(lane.drain(Long.MAX_VALUE, true, (r, e, t) -> delivered.add(e))).isEqualTo(Chunk.SIZE + 1);
    for (int i = 0; i < Chunk.SIZE - 1; i++) {
      lane.append(recorder, EVENT, null, pool); // fills the second chunk
    }
    lane.append(recorder, EVENT, null, pool); // needs a third: takes the first back from the recycled stack

    assertThat(lane.writeChunk).isSameAs(first);
    assertThat(first.recorders[0]).isSameAs(recorder);
    assertThat(first.recorders[1]).isNull(); // cleared by the producer as it took it
    assertThat(delivered).hasSize(Chunk.SIZE + 1);
    assertThat(lane.uncredited()).isEqualTo(Chunk.SIZE + 1);
    lane.credited();
    assertThat(lane.uncredited()).isZero();
  }

  @Test
  void lane_givesEachPairItsTraceContext_acrossChangesChunksAndPartialDrains() {
    Engine engine = engine(1 << 20, new AtomicLong());
    DefaultRecorder recorder = recorder(engine, "r", null);
    ChunkPool pool = new ChunkPool();
    Lane lane = new Lane(Thread.currentThread(), 0, pool.take());
    lane.addCredits(10 * Chunk.SIZE);
    TraceContext a = new TraceContext("a", "1");
    TraceContext b = new TraceContext("b", "2");
    List<TraceContext> sent = new ArrayList<>();
    for (int i = 0; i < 3 * Chunk.SIZE + 17; i++) {
      // runs of none, a, b, a again, with changes inside chunks and right at their tops
      TraceContext trace = switch ((i / 100) % 4) {
        case 0 -> null;
        case 1 -> a;
        case 2 -> b;
        default -> i == 2 * Chunk.SIZE ? null : a;
      };
      sent.add(trace);
      lane.append(recorder, EVENT, trace, pool);
    }
    List<TraceContext> delivered = new ArrayList<>();
    while (delivered.size() < sent.size()) {
      lane.drain(37, true, (r, e, t) -> delivered.add(t)); // partial drains start inside chunks
    }

    assertThat(delivered).containsExactlyElementsOf(sent);
  }

  @Test
  void lane_handsOnRepeatedPairsInRuns_andEveryPairInOrder() {
    Engine engine = engine(1 << 20, new AtomicLong());
    DefaultRecorder first = recorder(engine, "first", null);
    DefaultRecorder second = recorder(engine, "second", null);
    MetricEvent other = () -> "other";
    ChunkPool pool = new ChunkPool();
    Lane lane = new Lane(Thread.currentThread(), 0, pool.take());
    lane.addCredits(10 * Chunk.SIZE);
    List<String> sent = new ArrayList<>();
    for (int i = 0; i < 2 * Chunk.SIZE + 300; i++) {
      // runs of 1 to 150 pairs, changing recorder, event or both, some across the end of a chunk
      int block = (i / 150) % 3;
      DefaultRecorder recorder = block == 1 ? second : first;
      MetricEvent event = block == 2 || i % 97 == 0 ? other : EVENT;
      sent.add(recorder.id + "/" + event.eventType());
      lane.append(recorder, event, null, pool);
    }
    List<String> delivered = new ArrayList<>();
    List<Integer> runs = new ArrayList<>();
    Lane.Sink sink = new Lane.Sink() {
      @Override
      public void accept(DefaultRecorder recorder, MetricEvent event, TraceContext trace) {
        runs.add(1);
        delivered.add(recorder.id + "/" + event.eventType());
      }

      @Override
      public void acceptRepeats(DefaultRecorder recorder, MetricEvent event, TraceContext trace, int count) {
        assertThat(count).isGreaterThan(1);
        runs.add(count);
        delivered.addAll(Collections.nCopies(count, recorder.id + "/" + event.eventType()));
      }
    };
    while (delivered.size() < sent.size()) {
      lane.drain(500, true, sink);
    }

    assertThat(delivered).containsExactlyElementsOf(sent);
    assertThat(runs).hasSizeLessThan(sent.size() / 20);
  }

  @Test
  void chunk_findsTheNextWrittenSlot_withinWordsAcrossThemAndUpToTheLimit() {
    Chunk chunk = new Chunk();
    chunk.markWritten(0);
    chunk.markWritten(63);
    chunk.markWritten(64);
    chunk.markWritten(700);

    assertThat(chunk.nextWritten(0, Chunk.SIZE)).isZero();
    assertThat(chunk.nextWritten(1, Chunk.SIZE)).isEqualTo(63);
    assertThat(chunk.nextWritten(64, Chunk.SIZE)).isEqualTo(64);
    assertThat(chunk.nextWritten(65, Chunk.SIZE)).isEqualTo(700);
    assertThat(chunk.nextWritten(65, 500)).isEqualTo(500);
    assertThat(chunk.nextWritten(701, Chunk.SIZE)).isEqualTo(Chunk.SIZE);
    assertThat(chunk.nextWritten(Chunk.SIZE, Chunk.SIZE)).isEqualTo(Chunk.SIZE);
  }

  /** A producer's two steps: a credit, then the append. */
  private static boolean offer(Handoff handoff, Lane lane, DefaultRecorder recorder, MetricEvent event) {
    if (!handoff.credit(lane)) {
      return false;
    }
    handoff.append(lane, recorder, event, null);
    return true;
  }

  @Test
  void credits_aProducerBorrowsIdleCreditsOfAnotherLane_butNeverMoreThanItHolds() throws Exception {
    Handoff handoff = new Handoff(4 * 4096); // blocks of 4 credits
    DefaultRecorder recorder = recorder(engine(1 << 20, new AtomicLong()), "r", null);
    Thread other = new Thread(() -> offer(handoff, handoff.lane(), recorder, EVENT)); // takes 4, spends 1
    other.start();
    other.join();
    Lane mine = handoff.lane();
    for (int i = 0; i < 4 * 4096 - 4; i++) {
      assertThat(offer(handoff, mine, recorder, EVENT)).isTrue(); // the rest of the budget
    }

    assertThat(offer(handoff, mine, recorder, EVENT)).isTrue(); // borrows against the 3 idle credits
    assertThat(offer(handoff, mine, recorder, EVENT)).isTrue();
    assertThat(offer(handoff, mine, recorder, EVENT)).isTrue();
    assertThat(offer(handoff, mine, recorder, EVENT)).isFalse(); // nothing idle left to borrow against

    handoff.returnCredits(2);
    assertThat(offer(handoff, mine, recorder, EVENT)).isTrue();
  }

  @Test
  void controlQueue_offerRacingClose_neverLeavesAFutureHanging() throws Exception {
    for (int round = 0; round < 200; round++) {
      ControlQueue queue = new ControlQueue(new Handoff(1024));
      MetricsException closed = new MetricsException(MetricsException.INVALID_RUNTIME_STATE, "closed", Map.of());
      List<Control.SnapshotRequest> offered = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        offered.add(new Control.SnapshotRequest());
      }
      CyclicBarrier start = new CyclicBarrier(2);
      Thread offerer = new Thread(() -> {
        await(start);
        offered.forEach(queue::offer);
      });
      offerer.start();
      await(start);
      List<Control> polled = new ArrayList<>();
      queue.pollAll(polled);
      queue.close(closed);
      offerer.join();

      for (Control.SnapshotRequest request : offered) {
        assertThat(polled.contains(request) || request.isCompletedExceptionally())
            .as("round %d: a request neither taken nor failed", round).isTrue();
      }
    }
  }

  @Test
  void expiryQueue_checksOnlyWhenDue_keepsActiveRecorders_andHandsOverIdleOnes() {
    AtomicLong clock = new AtomicLong(1_000);
    Engine engine = engine(1 << 20, clock);
    ExpiryQueue queue = new ExpiryQueue();
    DefaultRecorder active = recorder(engine, "active", Duration.ofNanos(100));
    DefaultRecorder idle = recorder(engine, "idle", Duration.ofNanos(100));
    DefaultRecorder gone = recorder(engine, "gone", Duration.ofNanos(100));
    for (DefaultRecorder recorder : List.of(active, idle, gone)) {
      recorder.expiry.lastActive = 1_000;
      queue.schedule(recorder.expiry);
      queue.schedule(recorder.expiry); // queued once only
    }
    assertThat(queue.size()).isEqualTo(3);
    assertThat(queue.nextCheck()).isEqualTo(1_100);
    assertThat(queue.due(1_099)).isFalse();

    active.expiry.lastActive = 1_050;
    List<String> expired = new ArrayList<>();
    queue.expire(1_100, recorder -> recorder != gone, recorder -> 0, recorder -> expired.add(recorder.id));

    assertThat(expired).containsExactly("idle");
    assertThat(queue.size()).isEqualTo(1); // active, checked again at 1_150
    assertThat(queue.nextCheck()).isEqualTo(1_150);
    assertThat(gone.expiry.deadline).isEqualTo(ExpiryQueue.NOT_QUEUED);
    queue.expire(1_150, recorder -> true, recorder -> 1, recorder -> expired.add(recorder.id)); // pending: active
    assertThat(expired).containsExactly("idle");
  }

  @Test
  void watchdog_cancels_whenTheCallReturnedWhileItLooked() throws Exception {
    Engine engine = engine(1 << 20, new AtomicLong());
    CountDownLatch ended = new CountDownLatch(1);
    engine.start(clean -> ended.countDown());
    ProcessingLoop loop = engine.currentLoop();
    long stale = loop.calls.progress | 1; // an odd value the loop is not at: its call has returned

    engine.takeOverIfHung(loop, stale, Duration.ofSeconds(3).toNanos());

    assertThat(engine.currentLoop()).isSameAs(loop);
    assertThat(loop.calls.decision).isEqualTo(UserCalls.CANCELLED);
    assertThat(loop.calls.abandoned).isFalse();
    assertThat(engine.stats().handlersHung()).isZero();
    engine.requestShutdown();
    assertThat(engine.awaitTermination(Duration.ofMinutes(1).toNanos())).isTrue();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
