package io.mvx.metrics.benchmarks;

import java.io.Writer;

/** A reused {@link Writer} that discards what a scrape writes and only counts the characters. */
final class CountingWriter extends Writer {

  private long chars;

  @Override
  public void write(int c) {
    chars++;
  }

  @Override
  public void write(char[] buffer, int offset, int length) {
    chars += length;
  }

  @Override
  public void write(String text, int offset, int length) {
    chars += length;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}

  /** Characters written since the last call, then starts counting again. */
  long takeChars() {
    long taken = chars;
    chars = 0;
    return taken;
  }
}
