package io.mvx.metrics.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo: {@code POST /sessions/{id}} opens a session (its own recorder), {@code GET /sessions/{id}/work}
 * does some simulated work and records its latency, {@code DELETE /sessions/{id}} closes the session and its
 * series vanish. Scrape {@code http://127.0.0.1:8080/actuator/prometheus}; health at
 * {@code /actuator/health/mvx}.
 */
@SpringBootApplication
public class SessionsDemoApplication {

  /** Not instantiated by users. */
  SessionsDemoApplication() {}

  /**
   * Starts the application on 127.0.0.1:8080 ({@code --server.port=...} to change it).
   *
   * @param args Spring Boot arguments
   */
  public static void main(String[] args) {
    SpringApplication.run(SessionsDemoApplication.class, args);
  }
}
