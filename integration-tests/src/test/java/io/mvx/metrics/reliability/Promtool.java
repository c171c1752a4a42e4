package io.mvx.metrics.reliability;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Debian package {@code prometheus}) on an exposition.
 *
 * <p>promtool both parses and lints: a parse error makes it print {@code error while linting: ...} and exit
 * with 1; naming-convention findings (e.g. {@code no help text}, a counter family named without
 * {@code _total}) make it exit with 3. Arbitrary metric names legitimately break conventions, so only a
 * parse error counts as invalid.
 */
final class Promtool {

  /** What promtool said about one exposition. */
  record Verdict(int exitCode, String output) {
    boolean parses() {
      return exitCode != 1 && !output.contains("error while linting");
    }
  }

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /** promtool from the PATH (or /usr/bin); fails when it is missing and CI=true, else skips the test. */
  static Promtool require() {
    Optional<Path> found = find();
    if (found.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("promtool is not installed and CI=true: .ci/run installs the Debian prometheus package");
      }
      assumeTrue(false, "promtool is not installed (apt-get install prometheus); skipped outside CI");
    }
    return new Promtool(found.get());
  }

  /** Checks {@code exposition}, sent as UTF-8 on promtool's standard input. */
  Verdict check(String exposition) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(binary.toString(), "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream stdin = process.getOutputStream()) {
      stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("promtool did not answer within 60 s");
    }
    return new Verdict(process.exitValue(), output);
  }

  private static Optional<Path> find() {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, "promtool");
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
