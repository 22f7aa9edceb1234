package dev.seedflow.seedance.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The reliability suite's figures of the last run, in target/reliability-figures.txt, for the
 * README.
 */
public final class Figures {
  private static final Path FILE = Path.of("target", "reliability-figures.txt");

  private Figures() {}

  public static void report(String line) {
    System.out.println("RELIABILITY " + line);
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE,
          line + System.lineSeparator(),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
