package io.mvx.metrics.test;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a binary of the Debian {@code prometheus} package ({@code prometheus}, {@code promtool}). When it is
 * missing the calling test is skipped, except under {@code CI=true}, where it fails: CI installs it.
 */
public final class PrometheusBinary {

  private PrometheusBinary() {}

  /**
   * The binary's path; fails under CI when it is missing, skips the test otherwise.
   *
   * @param name the binary, e.g. {@code promtool}
   * @return its path
   */
  public static Path require(String name) {
    Optional<Path> found = find(name);
    if (found.isEmpty()) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail(name + " is not installed, and CI=true: .ci/run installs the Debian prometheus package");
      }
      assumeTrue(false, name + " is not installed (apt-get install -y prometheus); skipped outside CI");
    }
    return found.get();
  }

  private static Optional<Path> find(String name) {
    String path = System.getenv().getOrDefault("PATH", "") + File.pathSeparator + "/usr/bin";
    for (String directory : path.split(File.pathSeparator)) {
      if (!directory.isEmpty()) {
        Path candidate = Path.of(directory, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }
}
