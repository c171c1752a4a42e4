package io.mvx.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventRingTest {

  @Test
  void capacity_isRoundedUpToAPowerOfTwo() {
    assertThat(new EventRing(1).capacity()).isEqualTo(2);
    assertThat(new EventRing(64).capacity()).isEqualTo(64);
    assertThat(new EventRing(65).capacity()).isEqualTo(128);
  }

  @Test
  void offer_fillsThenRefusesUntilTheConsumerFreesSlots() {
    EventRing ring = new EventRing(4);
    for (int i = 0; i < 4; i++) {
      assertThat(ring.offer("r", "e" + i)).isEqualTo(EventRing.OK);
    }
    assertThat(ring.offer("r", "e4")).isEqualTo(EventRing.FULL);

    assertThat(ring.item(0)).isEqualTo("e0");
    assertThat(ring.target(0)).isEqualTo("r");
    ring.clear(0);
    assertThat(ring.offer("r", "e4")).isEqualTo(EventRing.FULL); // head not yet published
    ring.head(1);
    assertThat(ring.offer("r", "e4")).isEqualTo(EventRing.OK);
    assertThat(ring.item(4)).isEqualTo("e4"); // wrapped into slot 0
  }

  @Test
  void close_refusesLaterOffersAndKeepsClaimedOnesDrainable() {
    EventRing ring = new EventRing(8);
    ring.offer("r", "e0");
    ring.offer(null, "command");

    long finalTail = ring.close();

    assertThat(finalTail).isEqualTo(2);
    assertThat(ring.isClosed()).isTrue();
    assertThat(ring.tail()).isEqualTo(2);
    assertThat(ring.offer("r", "late")).isEqualTo(EventRing.CLOSED);
    assertThat(ring.item(1)).isEqualTo("command");
    assertThat(ring.target(1)).isNull();
  }
}
