package dev.seedflow.seedance.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.seedflow.seedance.worker.callbacks.CallbackSettings;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The standalone worker's small HTTP port for the people who run it: {@code /metrics} in Prometheus' text format,
 * {@code /health/live} (the process serves) and {@code /health/ready} (the worker is open and the gateway answers), the
 * paths a Kubernetes probe and a Prometheus scrape expect. Inside a connectors runtime the runtime's actuator does this.
 * It answers GET only, and nothing it serves names a task, a prompt or a key; providers' callbacks
 * ({@code POST /callbacks/<token>}) may be served beside it.
 */
final class ManagementEndpoint implements AutoCloseable {
  static final String METRICS = "/metrics";
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";

  private final HttpServer server;

  private ManagementEndpoint(HttpServer server) {
    this.server = server;
  }

  /**
   * @param port the port to listen on, on every interface (0: any free one)
   * @param callbacks served at {@link CallbackSettings#PATH} when callbacks are on and have no port of their own
   */
  static ManagementEndpoint start(int port, PrometheusMeterRegistry registry, BooleanSupplier ready, Optional<HttpHandler> callbacks) {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext("/", exchange -> answer(exchange, registry, ready));
      callbacks.ifPresent(handler -> server.createContext(CallbackSettings.PATH, handler));
      server.setExecutor(Executors.newSingleThreadExecutor(runnable -> Thread.ofPlatform().daemon().name("seedflow-management").unstarted(runnable)));
      server.start();
      return new ManagementEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException("the management port " + port + " could not be opened (seedflow.worker.management-port)", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, PrometheusMeterRegistry registry, BooleanSupplier ready) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case METRICS -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        case LIVE -> send(exchange, 200, "text/plain", "live\n");
        case READY -> {
          boolean isReady = ready.getAsBoolean();
          send(exchange, isReady ? 200 : 503, "text/plain", isReady ? "ready\n" : "not ready: stopping, or the Camunda gateway does not answer\n");
        }
        default -> send(exchange, 404, "text/plain", "serves " + METRICS + ", " + LIVE + " and " + READY + "\n");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
