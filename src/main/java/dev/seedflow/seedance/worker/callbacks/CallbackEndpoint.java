package dev.seedflow.seedance.worker.callbacks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.seedflow.seedance.worker.http.HttpPort;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /callbacks/<token>}: where providers (and the other replicas) deliver callbacks.
 * Mounted on the standalone worker's management port, or on a port of its own ({@code
 * seedflow.worker.callbacks.port}). It answers at once, so Ark, which retries a final callback not
 * acknowledged within 5 s, gets its acknowledgement. A body over 64 KB (a task is far smaller) is
 * refused unread when its Content-Length says so, and after 64 KB when it comes in chunks: no more
 * than that is ever held.
 */
public final class CallbackEndpoint implements HttpHandler, AutoCloseable {
  static final int LARGEST_BODY = 64 * 1024;
  private final CallbackHints hints;
  private HttpPort port;

  public CallbackEndpoint(CallbackHints hints) {
    this.hints = hints;
  }

  /** On a port of its own, on every interface (0: any free one). */
  public CallbackEndpoint listen(int port) {
    this.port = HttpPort.bind(port, "seedflow.worker.callbacks.port");
    this.port.server().createContext(CallbackSettings.PATH, this);
    this.port.start();
    return this;
  }

  public int port() {
    return port.port();
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
      if (declaredLength(exchange) > LARGEST_BODY) {
        send(exchange, 413, "a callback's body is at most " + LARGEST_BODY + " bytes\n");
        return;
      }
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(LARGEST_BODY + 1);
      }
      if (body.length > LARGEST_BODY) {
        send(exchange, 413, "a callback's body is at most " + LARGEST_BODY + " bytes\n");
        return;
      }
      CallbackOutcome outcome =
          hints.receive(
              token,
              headers(exchange),
              body,
              exchange.getRequestHeaders().containsKey(CallbackPeers.FORWARDED));
      send(exchange, outcome.httpStatus, outcome.reply + "\n");
    }
  }

  /**
   * Each header's first value, looked up in any case (the JDK server's own map normalises the names
   * it holds).
   */
  private static Map<String, String> headers(HttpExchange exchange) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!values.isEmpty()) headers.put(name, values.getFirst());
            });
    return headers;
  }

  /**
   * The body's length as its Content-Length declares it; -1 when none does (chunked), then counted
   * as it is read.
   */
  private static long declaredLength(HttpExchange exchange) {
    try {
      String length = exchange.getRequestHeaders().getFirst("Content-Length");
      return length == null ? -1 : Long.parseLong(length.trim());
    } catch (NumberFormatException e) {
      return -1; // the JDK server refuses a malformed one before any handler runs
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
    if (port != null) port.close();
  }
}
