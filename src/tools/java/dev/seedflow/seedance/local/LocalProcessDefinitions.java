package dev.seedflow.seedance.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.seedflow.seedance.json.Json;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.ProcessIntent;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cluster's process-definition search and XML ({@code /v2/process-definitions}), read from the
 * embedded engine's records: what the connectors runtime's inbound side asks a cluster to find the
 * catch events of its connectors (here, "video finished"), which the embedded engine, gRPC only,
 * cannot answer. Only the latest version of each process is searched, as the runtime asks, in one
 * page.
 */
final class LocalProcessDefinitions implements HttpHandler {
  static final String PATH = "/v2/process-definitions";
  private static final Pattern XML = Pattern.compile(PATH + "/(\\d+)/xml");

  private final LocalEngine engine;

  LocalProcessDefinitions(LocalEngine engine) {
    this.engine = engine;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      Matcher xml = XML.matcher(path);
      if (exchange.getRequestMethod().equals("POST") && path.equals(PATH + "/search")) {
        JsonNode query = Json.mapper().readTree(exchange.getRequestBody().readAllBytes());
        // One page holds them all: a request for the page after it gets none, which ends the
        // runtime's paging.
        List<Map<String, Object>> items =
            query.path("page").has("after")
                ? List.of()
                : latest().stream().map(LocalProcessDefinitions::item).toList();
        send(
            exchange,
            200,
            "application/json",
            Json.mapper()
                .writeValueAsBytes(
                    Map.of(
                        "items",
                        items,
                        "page",
                        Map.of(
                            "totalItems",
                            items.size(),
                            "startCursor",
                            "first",
                            "endCursor",
                            "last"))));
      } else if (exchange.getRequestMethod().equals("GET") && xml.matches()) {
        Optional<Process> found =
            processes().stream()
                .filter(p -> p.getProcessDefinitionKey() == Long.parseLong(xml.group(1)))
                .findFirst();
        if (found.isPresent()) {
          send(exchange, 200, "text/xml", found.get().getResource());
        } else {
          send(
              exchange,
              404,
              "application/problem+json",
              Json.mapper()
                  .writeValueAsBytes(
                      Map.of(
                          "title",
                          "NOT_FOUND",
                          "detail",
                          "no process definition " + xml.group(1))));
        }
      } else {
        send(
            exchange,
            404,
            "application/problem+json",
            Json.mapper()
                .writeValueAsBytes(
                    Map.of(
                        "title",
                        "NOT_FOUND",
                        "detail",
                        "the local runtime serves only the process-definition search and XML"
                            + " here")));
      }
    }
  }

  private List<Process> processes() {
    List<Process> processes = new ArrayList<>();
    for (Record<?> record : engine.records()) {
      if (record.getValueType() == ValueType.PROCESS
          && record.getIntent() == ProcessIntent.CREATED
          && record.getValue() instanceof Process process) {
        processes.add(process);
      }
    }
    return processes;
  }

  /** The newest version of each process, per tenant. */
  private List<Process> latest() {
    Map<String, Process> newest = new LinkedHashMap<>();
    for (Process process : processes()) {
      newest.merge(
          process.getTenantId() + "/" + process.getBpmnProcessId(),
          process,
          (a, b) -> b.getVersion() > a.getVersion() ? b : a);
    }
    return List.copyOf(newest.values());
  }

  /** As the 8.8 REST API writes one: keys as strings. */
  private static Map<String, Object> item(Process process) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("processDefinitionKey", String.valueOf(process.getProcessDefinitionKey()));
    item.put("processDefinitionId", process.getBpmnProcessId());
    item.put("name", process.getBpmnProcessId());
    item.put("resourceName", process.getResourceName());
    item.put("version", process.getVersion());
    item.put("tenantId", process.getTenantId());
    item.put("hasStartForm", false);
    return item;
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange
        .getResponseHeaders()
        .set(
            "Content-Type",
            contentType
                + (contentType.startsWith("text/")
                    ? "; charset=" + StandardCharsets.UTF_8.name()
                    : ""));
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }
}
