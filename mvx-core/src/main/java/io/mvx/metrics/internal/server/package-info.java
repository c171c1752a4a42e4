/**
 * What the scrape endpoints of the Prometheus adapters share (Basic authentication, TLS, the header-read
 * deadline); not API, may change without notice.
 */
package io.mvx.metrics.internal.server;
