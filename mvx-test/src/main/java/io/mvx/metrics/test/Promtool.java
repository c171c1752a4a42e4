package io.mvx.metrics.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code promtool check metrics} (Prometheus' own parser and linter) on an exposition.
 *
 * <p>promtool both parses and lints: a parse error makes it print {@code error while linting: ...} and exit
 * with 1; naming-convention findings (e.g. {@code no help text}, a counter family named without
 * {@code _total}) make it exit with 3. {@link Result#clean()} means neither, {@link Result#parses()} only
 * that there was no parse error (arbitrary names legitimately break conventions).
 */
public final class Promtool {

  /**
   * What promtool said about one exposition.
   *
   * @param exitCode its exit code
   * @param stdout its standard output
   * @param stderr its standard error
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /**
     * promtool accepted the exposition and had nothing to say about it.
     *
     * @return whether the check is clean
     */
    public boolean clean() {
      return exitCode == 0 && stdout.isBlank() && stderr.isBlank();
    }

    /**
     * promtool could parse the exposition (lint findings aside).
     *
     * @return whether it parses
     */
    public boolean parses() {
      return exitCode != 1 && !(stdout + stderr).contains("error while linting");
    }
  }

  private final Path binary;

  private Promtool(Path binary) {
    this.binary = binary;
  }

  /**
   * promtool from the PATH (or /usr/bin); fails when it is missing and CI=true, else skips the test.
   *
   * @return promtool
   */
  public static Promtool require() {
    return new Promtool(PrometheusBinary.require("promtool"));
  }

  /**
   * Checks {@code exposition}, sent as UTF-8 on promtool's standard input.
   *
   * @param exposition a scrape in text format
   * @return what promtool said
   */
  public Result check(String exposition) {
    try {
      Process process = new ProcessBuilder(binary.toString(), "check", "metrics").start();
      CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
      CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
      try (OutputStream in = process.getOutputStream()) {
        in.write(exposition.getBytes(StandardCharsets.UTF_8));
      }
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("promtool did not answer within 60 s");
      }
      return new Result(process.exitValue(), stdout.join(), stderr.join());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Checks {@code exposition} with promtool (skipping the test when it is missing, outside CI).
   *
   * @param exposition a scrape in text format
   * @return what promtool said
   */
  public static Result checkMetrics(String exposition) {
    return require().check(exposition);
  }

  private static String read(InputStream stream) {
    try (stream) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
