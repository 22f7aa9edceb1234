package dev.seedflow.seedance.local;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.record.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

/**
 * The one place that knows which embedded engine runs: zeebe-process-test's in-memory engine today (gRPC only, one
 * partition, no persistence). It is deprecated since 8.8 and gone in 8.10, so everything else talks to this seam.
 */
public final class LocalEngine implements AutoCloseable {
  private final ZeebeTestEngine engine;
  private final int port;

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

  public Iterable<Record<?>> records() {
    return engine.getRecordStreamSource().getRecords();
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
