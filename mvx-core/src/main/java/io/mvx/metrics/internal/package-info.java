/** Implementation details shared by the MVX modules; not API, may change without notice. */
package io.mvx.metrics.internal;
