package dev.seedflow.seedance.worker.callbacks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * {@code POST /callbacks/<token>}: where providers (and the other replicas) deliver callbacks. Mounted on the standalone
 * worker's management port, or on a port of its own ({@code seedflow.worker.callbacks.port}). It answers at once, so
 * Ark, which retries a final callback not acknowledged within 5 s, gets its acknowledgement; a body over 64 KB (a task
 * is far smaller) is refused unread.
 */
public final class CallbackEndpoint implements HttpHandler, AutoCloseable {
  static final int LARGEST_BODY = 64 * 1024;
  private final CallbackHints hints;
  private HttpServer server;

  public CallbackEndpoint(CallbackHints hints) {
    this.hints = hints;
  }

  /** On a port of its own, on every interface (0: any free one). */
  public CallbackEndpoint listen(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress(port), 0);
      server.createContext(CallbackSettings.PATH, this);
      ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> Thread.ofPlatform().daemon().name("seedflow-callbacks").unstarted(runnable));
      server.setExecutor(threads);
      server.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("the callback port " + port + " could not be opened (seedflow.worker.callbacks.port)", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")) {
        send(exchange, 405, "POST only\n");
        return;
      }
      String path = exchange.getRequestURI().getPath();
      String token = path.substring(Math.min(path.length(), CallbackSettings.PATH.length()));
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(LARGEST_BODY + 1);
      }
      if (body.length > LARGEST_BODY) {
        send(exchange, 413, "a callback's body is at most " + LARGEST_BODY + " bytes\n");
        return;
      }
      CallbackOutcome outcome = hints.receive(token, body, exchange.getRequestHeaders().containsKey(CallbackPeers.FORWARDED));
      send(exchange, outcome.httpStatus, outcome.reply + "\n");
    }
  }

  private static void send(HttpExchange exchange, int status, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    if (server != null) server.stop(0);
  }
}
