package dev.seedflow.seedance.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.seedflow.seedance.worker.callbacks.CallbackSettings;
import dev.seedflow.seedance.worker.http.HttpPort;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * The standalone worker's small HTTP port for the people who run it: {@code /metrics} in
 * Prometheus' text format, {@code /health/live} (the process serves) and {@code /health/ready} (the
 * worker is open and the gateway answers), the paths a Kubernetes probe and a Prometheus scrape
 * expect. Inside a connectors runtime the runtime's actuator does this. It answers GET only, and
 * nothing it serves names a task, a prompt or a key; providers' callbacks ({@code POST
 * /callbacks/<token>}) may be served beside it. Its port is an {@link HttpPort}: slow or many
 * clients cannot keep a probe from its answer.
 */
final class ManagementEndpoint implements AutoCloseable {
  static final String METRICS = "/metrics";
  static final String LIVE = "/health/live";
  static final String READY = "/health/ready";

  private final HttpPort port;

  private ManagementEndpoint(HttpPort port) {
    this.port = port;
  }

  /**
   * Opens the port, serving nothing yet: the standalone worker opens it before it takes a job, so a
   * port in use stops the start before any job is taken.
   *
   * @param port the port to listen on, on every interface (0: any free one)
   */
  static ManagementEndpoint bind(int port) {
    return new ManagementEndpoint(HttpPort.bind(port, "SEEDFLOW_WORKER_MANAGEMENT_PORT"));
  }

  /**
   * Serves the meters and the probes, and the providers' callbacks where given.
   *
   * @param callbacks served at {@link CallbackSettings#PATH} when callbacks are on and have no port
   *     of their own
   */
  ManagementEndpoint serve(
      PrometheusMeterRegistry registry, BooleanSupplier ready, Optional<HttpHandler> callbacks) {
    port.server().createContext("/", exchange -> answer(exchange, registry, ready));
    callbacks.ifPresent(handler -> port.server().createContext(CallbackSettings.PATH, handler));
    port.start();
    return this;
  }

  int port() {
    return port.port();
  }

  private static void answer(
      HttpExchange exchange, PrometheusMeterRegistry registry, BooleanSupplier ready)
      throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        send(exchange, 405, "text/plain", "GET only\n");
        return;
      }
      switch (exchange.getRequestURI().getPath()) {
        case METRICS ->
            send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
        case LIVE -> send(exchange, 200, "text/plain", "live\n");
        case READY -> {
          boolean isReady = ready.getAsBoolean();
          send(
              exchange,
              isReady ? 200 : 503,
              "text/plain",
              isReady
                  ? "ready\n"
                  : "not ready: stopping, or the Camunda gateway does not answer\n");
        }
        default ->
            send(
                exchange,
                404,
                "text/plain",
                "serves " + METRICS + ", " + LIVE + " and " + READY + "\n");
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    port.close();
  }
}
