package io.mvx.metrics.benchmarks;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Declares the library a benchmark method measures, for the checks that run after the trial. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface Measures {
  /** The library under test. */
  Library value();
}
