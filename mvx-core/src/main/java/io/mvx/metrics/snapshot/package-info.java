/** The immutable snapshot model that metrics produce and adapters read. */
package io.mvx.metrics.snapshot;
