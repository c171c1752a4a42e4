package io.mvx.metrics.engine;

import io.mvx.metrics.OverflowPolicy;
import io.mvx.metrics.RecorderListener;

/**
 * Fields the processing thread writes or reads per event, at the end of a recorder's layout, a cache line or
 * more away from the accept word producers write per event (see {@link RecorderProducerSide}).
 */
abstract class RecorderConsumerSide extends RecorderProducerSide {
  volatile long processed;
  volatile long handlerErrors;
  volatile MetricTable table = MetricTable.EMPTY;
  final RecorderListener listener;

  RecorderConsumerSide(Engine engine, String id, int capacity, OverflowPolicy overflowPolicy,
      RecorderListener listener, RecorderLifecycle.Expiry expiry) {
    super(engine, id, capacity, overflowPolicy, expiry);
    this.listener = listener;
  }
}
