package io.mvx.metrics.spring.boot.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A plain Boot web application with actuator: everything MVX comes from the starter's auto-configuration. */
@SpringBootApplication
public class StarterTestApplication {}
