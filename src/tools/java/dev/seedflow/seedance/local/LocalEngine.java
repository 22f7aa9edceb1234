package dev.seedflow.seedance.local;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one place that knows which embedded engine runs: zeebe-process-test's in-memory engine today
 * (gRPC only, one partition, no persistence). It is deprecated since 8.8 and gone in 8.10, so
 * everything else talks to this seam.
 */
public final class LocalEngine implements AutoCloseable {
  /** Torn reads of the engine's log in a row after which the read is not retried. */
  private static final int TORN_READS = 5;

  private final ZeebeTestEngine engine;
  private final int port;
  private UserTaskCompletion userTasks;

  private LocalEngine(ZeebeTestEngine engine, int port) {
    this.engine = engine;
    this.port = port;
  }

  public static LocalEngine start() {
    int port = freePort();
    ZeebeTestEngine engine = EngineFactory.create(port);
    engine.start();
    return new LocalEngine(engine, port);
  }

  /** The gRPC address in the form camunda-client-java expects ({@code http://} means plaintext). */
  public String grpcAddress() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Every record so far, as a snapshot. The engine's record source reads new records from the log
   * into one shared list on each call, so two threads reading at once (the runner, a scripted
   * person, a test) would trip over each other; here they take turns.
   */
  public synchronized List<Record<?>> records() {
    for (int attempt = 1; ; attempt++) {
      try {
        List<Record<?>> snapshot = new ArrayList<>();
        engine.getRecordStreamSource().getRecords().forEach(snapshot::add);
        return snapshot;
      } catch (NullPointerException | IndexOutOfBoundsException torn) {
        // zeebe-process-test's in-memory log keeps its entries in a plain ArrayList that the engine
        // appends to while we
        // read (InMemoryLogStorage, 8.8.21): during a resize a reader can see an empty slot. A read
        // a moment later finds
        // the entry written; the fifth torn read in a row is not a race, and is thrown.
        if (attempt == TORN_READS) throw torn;
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw torn;
        }
      }
    }
  }

  /**
   * Completes a Camunda user task ({@code zeebe:userTask}) with the variables a form would submit:
   * what Tasklist does through the cluster's REST API, which this engine lacks ({@link
   * UserTaskCompletion}).
   */
  public synchronized void completeUserTask(long userTaskKey, Map<String, Object> variables) {
    if (userTasks == null)
      userTasks = new UserTaskCompletion(engine); // only runs with user tasks reach into the engine
    userTasks.complete(userTaskKey, variables);
  }

  /**
   * Moves the engine's clock by {@code step} every real second until closed, so timer loops run
   * without waiting (their timers fire as soon as the clock passes them).
   */
  public AutoCloseable fastForward(Duration step) {
    Thread clock =
        Thread.ofPlatform()
            .daemon()
            .name("engine-clock")
            .start(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      Thread.sleep(1000);
                    } catch (InterruptedException e) {
                      return;
                    }
                    increaseTime(step);
                  }
                });
    return clock::interrupt;
  }

  /** Moves the engine's clock, so timers fire without waiting. */
  public void increaseTime(Duration duration) {
    engine.increaseTime(duration);
  }

  @Override
  public void close() {
    engine.stop();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port for the engine", e);
    }
  }
}
