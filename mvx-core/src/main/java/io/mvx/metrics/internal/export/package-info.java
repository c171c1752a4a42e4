/**
 * The export convention every adapter follows: names, the {@code _total} rule, units and how each backend
 * spells them, reserved label keys, the table of runtime statistics and why a series is skipped. Not API:
 * this package may change without notice.
 */
package io.mvx.metrics.internal.export;
