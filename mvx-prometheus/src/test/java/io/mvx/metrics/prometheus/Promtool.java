package io.mvx.metrics.prometheus;

import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs {@code promtool check metrics} (Prometheus' own parser and linter) on an exposition. When promtool is
 * missing the calling test is skipped, except under {@code CI=true}, where it fails: CI installs it.
 */
final class Promtool {

  record Result(int exitCode, String stdout, String stderr) {
    /** promtool accepted the exposition and had nothing to say about it. */
    boolean clean() {
      return exitCode == 0 && stdout.isBlank() && stderr.isBlank();
    }
  }

  private Promtool() {}

  /** The promtool executable, or the test is skipped (failed under CI). */
  static Path require() {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("promtool is not installed, but CI=true requires it (Debian package 'prometheus')");
      }
      Assumptions.abort("promtool is not installed (Debian package 'prometheus'); skipping");
    }
    return found.get();
  }

  /** Feeds {@code exposition} to {@code promtool check metrics} on stdin. */
  static Result checkMetrics(String exposition) {
    Path promtool = require();
    try {
      Process process = new ProcessBuilder(promtool.toString(), "check", "metrics").start();
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(exposition.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail("promtool did not finish");
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String dir : path.split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        Path candidate = Path.of(dir, "promtool");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
