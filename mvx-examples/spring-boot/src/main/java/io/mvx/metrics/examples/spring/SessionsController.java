package io.mvx.metrics.examples.spring;

import io.mvx.metrics.MetricsRuntime;
import io.mvx.metrics.RuntimeRecorder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Sessions, one recorder each: the controller owns no metric state, it only creates and removes recorders
 * and emits events. The runtime comes from the MVX starter, already running.
 */
// tag::sessions[]
@RestController
class SessionsController {

  private final MetricsRuntime runtime;

  SessionsController(MetricsRuntime runtime) {
    this.runtime = runtime;
  }

  @PostMapping("/sessions/{id}")
  Map<String, Object> open(@PathVariable("id") String id) {
    RuntimeRecorder recorder = runtime.createRecorder("session-" + id);
    recorder.registerMetric(new WorkLatencyMetric());
    return Map.of("session", id, "recorder", recorder.recorderId());
  }
  // end::sessions[]

  @GetMapping("/sessions/{id}/work")
  Map<String, Object> work(@PathVariable("id") String id) {
    RuntimeRecorder recorder = runtime.findRecorder("session-" + id)
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no session " + id));
    long start = System.nanoTime();
    double checksum = 0;
    int rounds = ThreadLocalRandom.current().nextInt(10_000, 2_000_000);
    for (int i = 0; i < rounds; i++) {
      checksum += Math.sqrt(i);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    recorder.registerEvent(new WorkLatencyMetric.WorkDone(seconds));
    return Map.of("session", id, "seconds", seconds, "checksum", checksum);
  }

  @GetMapping("/sessions")
  List<String> list() {
    return runtime.listRecorderIds();
  }

  // tag::sessions[]
  @DeleteMapping("/sessions/{id}")
  Map<String, Object> close(@PathVariable("id") String id) {
    runtime.stopAndRemoveRecorder("session-" + id);      // its series vanish from every registry
    return Map.of("session", id, "closed", true);
  }
}
// end::sessions[]
