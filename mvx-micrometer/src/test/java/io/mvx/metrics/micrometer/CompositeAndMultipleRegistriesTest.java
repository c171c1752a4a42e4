package io.mvx.metrics.micrometer;

import static io.mvx.metrics.micrometer.MvxMeterBinderTest.saveTwiceAndFailOnce;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.example.DocumentStorage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CompositeAndMultipleRegistriesTest {

  private final MetricsRuntime runtime = new MetricsRuntime("example.metrics");
  private final SimpleMeterRegistry first = new SimpleMeterRegistry();
  private final SimpleMeterRegistry second = new SimpleMeterRegistry();
  private final MvxMeterBinder binder = MvxMeterBinder.builder(runtime).staleness(Duration.ZERO).build();

  @BeforeEach
  void startRuntime() {
    runtime.start();
    saveTwiceAndFailOnce(new DocumentStorage(runtime.createRecorder("document_storage")));
    new DocumentStorage(runtime.createRecorder("archive_storage")).saveDocument("a-1", "archived");
  }

  @AfterEach
  void closeEverything() {
    binder.close();
    runtime.close();
    first.close();
    second.close();
  }

  @Test
  void compositeRegistry_showsEveryValueInEachChild() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(first).add(second);

    binder.bindTo(composite);

    for (MeterRegistry child : List.of(first, second)) {
      assertThat(attemptsTotal(child, "document_storage")).isEqualTo(3.0);
      assertThat(attemptsTotal(child, "archive_storage")).isEqualTo(1.0);
      assertThat(child.get("mvx.runtime.recorders").gauge().value()).isEqualTo(2.0);
    }
    assertThat(first.getMeters()).hasSameSizeAs(second.getMeters()).hasSameSizeAs(composite.getMeters());
  }

  @Test
  void compositeRegistry_removedRecorderAndClose_removeTheMetersFromEachChild() {
    CompositeMeterRegistry composite = new CompositeMeterRegistry();
    composite.add(first).add(second);
    binder.bindTo(composite);

    runtime.stopAndRemoveRecorder("document_storage");
    Scrapes.scrape(composite);

    for (MeterRegistry child : List.of(first, second)) {
      assertThat(Scrapes.meterNames(child, "document_storage")).isEmpty();
      assertThat(Scrapes.meterNames(child, "archive_storage")).hasSize(6);
    }

    binder.close();

    assertThat(composite.getMeters()).isEmpty();
    assertThat(first.getMeters()).isEmpty();
    assertThat(second.getMeters()).isEmpty();
  }

  @Test
  void twoRegistries_eachGetEveryMeter_andFollowTheRuntime() {
    binder.bindTo(first);
    binder.bindTo(second);

    new DocumentStorage(runtime.createRecorder("late_storage")).saveDocument("l-1", "late");
    runtime.stopAndRemoveRecorder("archive_storage");
    Scrapes.scrape(first);

    for (MeterRegistry registry : List.of(first, second)) {
      assertThat(attemptsTotal(registry, "document_storage")).isEqualTo(3.0);
      assertThat(attemptsTotal(registry, "late_storage")).isEqualTo(1.0);
      assertThat(Scrapes.meterNames(registry, "archive_storage")).isEmpty();
    }

    binder.close();

    assertThat(first.getMeters()).isEmpty();
    assertThat(second.getMeters()).isEmpty();
  }

  @Test
  void registryBoundLater_getsTheMetersThatExistAlready() {
    binder.bindTo(first);
    new DocumentStorage(runtime.createRecorder("late_storage")).saveDocument("l-1", "late");
    Scrapes.scrape(first);

    binder.bindTo(second);

    assertThat(attemptsTotal(second, "late_storage")).isEqualTo(1.0);
    assertThat(second.getMeters()).hasSameSizeAs(first.getMeters());
  }

  private static double attemptsTotal(MeterRegistry registry, String recorderId) {
    return registry.get("example.metrics.document_storage.save.attempts").tags("recorder", recorderId)
        .functionCounter().count();
  }
}
