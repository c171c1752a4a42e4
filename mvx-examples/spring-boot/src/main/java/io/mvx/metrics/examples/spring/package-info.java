/** A Spring Boot 4 web application using the MVX starter: one recorder per session, a latency histogram. */
package io.mvx.metrics.examples.spring;
