/**
 * The MVX test kit: shared test metrics, log capture, promtool, a strict exposition parser, readers of
 * each backend and the {@link io.mvx.metrics.test.AdapterCompatibilityKit} every adapter's tests extend.
 */
package io.mvx.metrics.test;
