/** The {@code mvx} health contributor for each Spring Boot line, auto-configured by the MVX starter. */
package io.mvx.metrics.spring.boot.health;
