/**
 * The runtime's engine: the hand-off from producer threads, the processing loop, the recorder registry and
 * the recorders. Internal: not API, may change without notice.
 */
package io.mvx.metrics.engine;
