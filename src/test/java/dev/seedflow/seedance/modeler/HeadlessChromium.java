package dev.seedflow.seedance.modeler;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Debian's Chromium, started headless for one test class and driven over the DevTools protocol. */
final class HeadlessChromium implements AutoCloseable {
  private static final Pattern DEVTOOLS =
      Pattern.compile("DevTools listening on (ws://[^/]+)/devtools/browser/\\S+");
  private static final List<String> KNOWN_PLACES =
      List.of(
          "/usr/bin/chromium",
          "/usr/bin/chromium-browser",
          "/usr/bin/google-chrome",
          "/usr/bin/google-chrome-stable");

  private final Process process;
  private final Path profile;
  private final String endpoint;

  private HeadlessChromium(Process process, Path profile, String endpoint) {
    this.process = process;
    this.profile = profile;
    this.endpoint = endpoint;
  }

  /** SEEDFLOW_CHROMIUM if set, else the first of the usual install places that exists. */
  static Optional<Path> find() {
    String configured = System.getenv("SEEDFLOW_CHROMIUM");
    if (configured != null && !configured.isBlank())
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    return KNOWN_PLACES.stream().map(Path::of).filter(Files::isExecutable).findFirst();
  }

  static HeadlessChromium start(Path binary) throws IOException, InterruptedException {
    Path profile = Files.createTempDirectory("seedflow-chromium");
    // The background-networking flags keep Chromium from calling home: this machine has no
    // internet, and the
    // refused connections would slow every start.
    Process process =
        new ProcessBuilder(
                binary.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--hide-scrollbars",
                "--font-render-hinting=none",
                "--allow-file-access-from-files",
                "--remote-debugging-port=0",
                "--remote-allow-origins=*",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    CompletableFuture<String> endpoint = new CompletableFuture<>();
    Thread reader = new Thread(() -> readLog(process, endpoint), "chromium-log");
    reader.setDaemon(true);
    reader.start();
    try {
      return new HeadlessChromium(process, profile, endpoint.get(30, TimeUnit.SECONDS));
    } catch (Exception e) {
      process.destroyForcibly();
      deleteProfile(profile);
      throw new IOException(
          "Chromium (" + binary + ") did not open its DevTools endpoint within 30 s", e);
    }
  }

  /**
   * Reads Chromium's log for the DevTools address, then keeps draining it so Chromium never blocks
   * on a full pipe.
   */
  private static void readLog(Process process, CompletableFuture<String> endpoint) {
    try (BufferedReader log =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = log.readLine(); line != null; line = log.readLine()) {
        Matcher match = DEVTOOLS.matcher(line);
        if (match.find()) endpoint.complete(match.group(1).replace("ws://", "http://"));
      }
      endpoint.completeExceptionally(
          new IOException("Chromium exited with code " + process.waitFor()));
    } catch (IOException | InterruptedException e) {
      endpoint.completeExceptionally(e);
    }
  }

  /** A new tab, with its own DevTools session. */
  DevToolsPage newPage() throws IOException {
    return DevToolsPage.open(endpoint);
  }

  @Override
  public void close() {
    // Chromium's helper processes (its network service among them) may still write to the profile
    // after the main one
    // has gone, and a file that vanishes mid-walk fails the deletion: all of them are waited for.
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS))
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      for (ProcessHandle helper : helpers) {
        try {
          helper.onExit().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException stillThere) {
          helper.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    deleteProfile(profile);
  }

  private static void deleteProfile(Path profile) {
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
