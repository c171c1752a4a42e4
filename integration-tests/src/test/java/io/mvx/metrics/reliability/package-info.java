/**
 * The reliability and security suite: load, churn, overload, faults, hostile input and the HTTP
 * endpoint, all through the real core and the three real adapters; figures in {@code docs/RELIABILITY.md}.
 */
package io.mvx.metrics.reliability;
