/** Test support for the scrape endpoints: certificates made at test time, half-open clients, the shared contract. */
package io.mvx.metrics.test.server;
