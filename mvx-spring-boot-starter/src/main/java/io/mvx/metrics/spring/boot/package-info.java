/** Spring Boot auto-configuration for MVX: a started runtime, one export road per registry, health. */
package io.mvx.metrics.spring.boot;
