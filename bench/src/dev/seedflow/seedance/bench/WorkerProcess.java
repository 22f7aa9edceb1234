package dev.seedflow.seedance.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A {@link CapacityWorker} in its own JVM, with its heap capped, and the commands it answers. */
final class WorkerProcess implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();

  private final Process process;
  private final PrintStream commands;
  private final BufferedReader answers;

  private WorkerProcess(Process process) {
    this.process = process;
    this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
    this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
  }

  static WorkerProcess start(String maxHeap, String grpcAddress, int videos, double scale, Path log) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process process = new ProcessBuilder(List.of(java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path"),
        "-Dlogback.configurationFile=seedflow-runner-logback.xml", CapacityWorker.class.getName(),
        grpcAddress, String.valueOf(videos), String.valueOf(scale)))
        .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
        .start();
    return new WorkerProcess(process);
  }

  /** Starts taking jobs. */
  JsonNode open() throws IOException {
    return ask("open");
  }

  /** What the worker holds and has finished, and its threads. */
  JsonNode stats() throws IOException {
    return ask("stats");
  }

  /** As {@link #stats()}, after a full GC, with the heap in use. */
  JsonNode measure() throws IOException {
    return ask("measure");
  }

  private JsonNode ask(String command) throws IOException {
    commands.println(command);
    String answer = answers.readLine();
    if (answer == null) throw new IOException("the worker JVM ended (exit code " + exitCode() + "); see target/capacity-worker.log");
    return JSON.readTree(answer);
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "still running";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  @Override
  public void close() throws InterruptedException {
    commands.println("stop");
    if (!process.waitFor(30, TimeUnit.SECONDS)) process.destroyForcibly().waitFor();
  }
}
