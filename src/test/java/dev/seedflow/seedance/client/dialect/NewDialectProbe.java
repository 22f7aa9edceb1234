package dev.seedflow.seedance.client.dialect;

import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs in {@link NewDialectTest}'s class loader, where the product was built with the test's "echo"
 * dialect: it uses that dialect only by its wire name, through the product's own paths (validation,
 * the client over loopback HTTP, the docs' validation table), so what it reports shows that nothing
 * but the dialect's file and entry was needed.
 */
public final class NewDialectProbe implements Supplier<Map<String, String>> {

  @Override
  public Map<String, String> get() {
    Map<String, String> seen = new LinkedHashMap<>();
    ProviderType echo = ProviderType.fromWireName("echo");
    seen.put("rules", Dialect.of(echo).rules().type().wireName());
    try {
      new SeedanceClient(ClientSettings.forLocalRun())
          .validate(
              new ProviderConfig(echo, "https://echo.example", "k"),
              VideoRequest.builder("echo-video-1").prompt("a fox").duration(12).build());
      seen.put("refused", "nothing");
    } catch (SeedanceException e) {
      seen.put("refused", e.getMessage());
    }
    seen.put("table", ValidationTableTest.table());
    try {
      seen.putAll(roundTrip(echo));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return seen;
  }

  /**
   * A create and a read through the real client, against a loopback server that answers as the echo
   * API would.
   */
  private static Map<String, String> roundTrip(ProviderType echo) throws IOException {
    Map<String, String> seen = new LinkedHashMap<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          String body =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          seen.put(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath(), body);
          byte[] answer =
              (exchange.getRequestMethod().equals("POST")
                      ? "{\"id\":\"echo-7\"}"
                      : "{\"id\":\"echo-7\",\"status\":\"running\"}")
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    try (SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun())) {
      ProviderConfig provider =
          new ProviderConfig(echo, "http://127.0.0.1:" + server.getAddress().getPort(), "k");
      ValidRequest valid =
          client.validate(
              provider, VideoRequest.builder("echo-video-1").prompt("a fox").duration(6).build());
      TaskSnapshot created = client.create(provider, valid);
      TaskSnapshot read = client.get(provider, created.taskId());
      seen.put("created", created.taskId());
      seen.put("read", read.status().toString());
    } finally {
      server.stop(0);
    }
    return seen;
  }
}
