package dev.seedflow.seedance.worker.http;

import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.settings.RefusedSetting;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A port the worker serves, on the JDK's own HTTP server, hardened against the clients anyone on
 * the network can be: every exchange runs on a virtual thread of its own, so a client that sends
 * half its headers holds one parked virtual thread and never the thread a health probe needs; the
 * whole request must arrive within {@link #REQUEST_SECONDS} (bodies here are at most 64 KB, so that
 * is a floor of 6.4 KB/s); connections are capped at {@link #MAX_CONNECTIONS} (past it a new one is
 * closed at once, and the slow ones are cut at their deadline); an idle connection is closed after
 * {@link #IDLE_SECONDS}. The JDK reads these limits from system properties once per JVM; each is
 * set here only where the operator did not set it ({@code -Dsun.net.httpserver.maxReqTime=...}
 * wins).
 *
 * <p>The JDK server rather than an embedded Jetty or Netty: these four limits are what the port
 * needs, the JDK has them, and the worker jar stays free of a second HTTP stack that would have to
 * be shaded into the connectors runtime.
 */
public final class HttpPort {
  static final int REQUEST_SECONDS = 10;
  static final int MAX_CONNECTIONS = 512;
  static final int IDLE_SECONDS = 15;

  /**
   * The JDK's default allows 380 KB of headers; a probe, a scrape or a callback sends well under 8
   * KB.
   */
  static final int LARGEST_HEADERS = 16 * 1024;

  /** The JDK server's limits, by the system property it reads each from. */
  static final Map<String, String> LIMITS =
      Map.of(
          "sun.net.httpserver.maxReqTime", String.valueOf(REQUEST_SECONDS),
          "sun.net.httpserver.maxRspTime", String.valueOf(REQUEST_SECONDS),
          "jdk.httpserver.maxConnections", String.valueOf(MAX_CONNECTIONS),
          "sun.net.httpserver.idleInterval", String.valueOf(IDLE_SECONDS),
          // How often idle and newly accepted connections are checked: a connection that never
          // sends a byte is cut
          // within a second of its deadline, not ten.
          "sun.net.httpserver.clockTick", "1000",
          "sun.net.httpserver.maxReqHeaderSize", String.valueOf(LARGEST_HEADERS));

  private final HttpServer server;
  private final ExecutorService exchanges;

  private HttpPort(HttpServer server, ExecutorService exchanges) {
    this.server = server;
    this.exchanges = exchanges;
  }

  /**
   * Binds the port now (so a port in use fails the start before anything else happens); it serves
   * once {@link #start()} is called, after its handlers are mounted.
   *
   * @param port on every interface (0: any free one)
   * @param setting the setting that names the port, for the message when it cannot be opened
   */
  public static HttpPort bind(int port, String setting) {
    if (port < 0 || port > 65_535) {
      throw new RefusedSetting(setting + " is " + port + ", but it must be a port, 0 to 65535.");
    }
    LIMITS.forEach(
        (property, value) -> {
          if (System.getProperty(property) == null) System.setProperty(property, value);
        });
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
      ExecutorService exchanges =
          Executors.newThreadPerTaskExecutor(
              Thread.ofVirtual().name("seedflow-http-", 0).factory());
      server.setExecutor(exchanges);
      return new HttpPort(server, exchanges);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "the port " + port + " could not be opened (" + setting + "): " + e.getMessage(), e);
    }
  }

  /** The server, to mount handlers on before {@link #start()}. */
  public HttpServer server() {
    return server;
  }

  public HttpPort start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /**
   * Stops at once: exchanges in flight are cut (a provider sends its callback again; a probe asks
   * again).
   */
  public void close() {
    server.stop(0);
    exchanges.shutdownNow();
  }
}
