package dev.seedflow.seedance.client.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.connector.ElementTemplatesTest;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs in {@link NewDialectTest}'s class loader, where the product was built with the test's "echo"
 * dialect: it uses that dialect only by its wire name, through the product's own paths (validation,
 * the client over loopback HTTP, the docs' validation table, the element templates), so what it
 * reports shows that nothing but the dialect's file and entry was needed.
 */
public final class NewDialectProbe implements Supplier<Map<String, String>> {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    seen.putAll(templates());
    try {
      seen.putAll(roundTrip(echo));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return seen;
  }

  /**
   * The element templates, generated as {@code ./seedance templates} generates them: the provider
   * dropdown's choices, and the fields each template shows for echo among those shown by provider.
   */
  private static Map<String, String> templates() {
    Map<String, String> seen = new LinkedHashMap<>();
    try {
      for (ElementTemplatesTest.TemplateFile file : ElementTemplatesTest.templateFiles()) {
        JsonNode template = JSON.readTree(ElementTemplatesTest.generate(file));
        List<String> shown = new ArrayList<>();
        for (JsonNode property : template.path("properties")) {
          if (property.path("id").asText().endsWith("providerType"))
            seen.put("providers " + file.path(), property.path("choices").toString());
          for (JsonNode condition : property.path("condition").findParents("property"))
            if (condition.path("property").asText().endsWith("providerType")
                && (condition.path("equals").asText().equals("echo")
                    || condition.path("oneOf").toString().contains("\"echo\"")))
              shown.add(property.path("id").asText());
        }
        seen.put("shown for echo " + file.path(), String.join(", ", shown));
      }
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
