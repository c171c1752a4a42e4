package io.mvx.metrics.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link FleetInstance} in a child JVM on the test's classpath: {@link #port()} is the one it serves on,
 * {@link #command(String)} sends a line and returns the answer. {@link #close()} asks it to quit and, if
 * it does not, destroys it; either way it waits for the process to end. Its stderr goes to a log file.
 */
final class FleetInstanceProcess implements AutoCloseable {

  private static final long ANSWER_SECONDS = 30;
  private static final String END = "\u0000end of stdout";

  private final String name;
  private final Process process;
  private final Writer stdin;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final int port;

  private FleetInstanceProcess(String name, Path log) throws IOException, InterruptedException {
    this.name = name;
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    process = new ProcessBuilder(java.toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"),
        FleetInstance.class.getName())
        .redirectError(log.toFile())
        .start();
    stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
    Thread reader = new Thread(this::readStdout, "fleet-" + name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      String first = nextLine();
      assertThat(first).as("%s's first line (stderr in %s)", name, log).matches("port \\d+");
      port = Integer.parseInt(first.substring("port ".length()));
    } catch (AssertionError | InterruptedException | RuntimeException e) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw e;
    }
  }

  /** Starts an instance and waits for it to report its port; {@code log} receives its stderr. */
  static FleetInstanceProcess start(String name, Path log) throws IOException, InterruptedException {
    return new FleetInstanceProcess(name, log);
  }

  /** The port of its Prometheus endpoint on 127.0.0.1. */
  int port() {
    return port;
  }

  /** Its scrape target, {@code 127.0.0.1:port}. */
  String target() {
    return "127.0.0.1:" + port;
  }

  /** Sends one command and returns the answer, which must start with {@code ok}. */
  String command(String command) throws IOException, InterruptedException {
    stdin.write(command + "\n");
    stdin.flush();
    String answer = nextLine();
    assertThat(answer).as("%s's answer to '%s'", name, command).startsWith("ok ");
    return answer;
  }

  /** Emits {@code bytes} to {@code recorder} and returns the recorder's total, read back from a snapshot. */
  long emit(String recorder, long bytes) throws IOException, InterruptedException {
    String answer = command("emit " + recorder + " " + bytes);
    return Long.parseLong(answer.substring(answer.lastIndexOf(' ') + 1));
  }

  /** Stops and removes {@code recorder}. */
  void remove(String recorder) throws IOException, InterruptedException {
    command("remove " + recorder);
  }

  private String nextLine() throws InterruptedException {
    String line = lines.poll(ANSWER_SECONDS, TimeUnit.SECONDS);
    assertThat(line).as("%s answered within %d s", name, ANSWER_SECONDS).isNotNull().isNotEqualTo(END);
    return line;
  }

  private void readStdout() {
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    } catch (IOException e) {
      // the process ended; the END line below tells whoever waits
    } finally {
      lines.add(END);
    }
  }

  /** Asks the instance to quit, destroys it if it has not within 10 s, and waits for it to end. */
  @Override
  public void close() {
    try {
      stdin.write("quit\n");
      stdin.close();
    } catch (IOException e) {
      // already gone: destroyed below if not
    }
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return name + " on " + target();
  }
}
