package dev.seedflow.seedance.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.json.Json;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentReference.CamundaDocumentReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import okhttp3.MultipartReader;
import okio.Okio;

/**
 * The cluster's documents REST API ({@code POST /v2/documents}), for a local run: documents are a
 * REST feature of a Camunda cluster and the embedded engine speaks only gRPC. With the Camunda
 * client's REST address pointed here (and REST not preferred for the rest), a worker's and a
 * connectors runtime's own document code runs unchanged, the client's multipart upload and its
 * parsing of the answer included. Only creating is served; documents land in a {@link
 * FolderDocumentStore}.
 */
public final class LocalDocumentsApi implements AutoCloseable {
  private final HttpServer server;
  private final FolderDocumentStore store;
  private final long maxBytes;

  private LocalDocumentsApi(HttpServer server, FolderDocumentStore store, long maxBytes) {
    this.server = server;
    this.store = store;
    this.maxBytes = maxBytes;
  }

  public static LocalDocumentsApi start(FolderDocumentStore store) {
    return start(store, Long.MAX_VALUE);
  }

  /**
   * @param maxBytes the largest file taken; a larger one is refused with 413, as SaaS refuses one
   *     over 10 MB
   */
  public static LocalDocumentsApi start(FolderDocumentStore store, long maxBytes) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LocalDocumentsApi api = new LocalDocumentsApi(server, store, maxBytes);
      server.createContext("/", api::handle);
      server.setExecutor(
          Executors.newCachedThreadPool(
              runnable ->
                  Thread.ofPlatform().daemon().name("local-documents").unstarted(runnable)));
      server.start();
      return api;
    } catch (IOException e) {
      throw new UncheckedIOException("the local documents API could not start", e);
    }
  }

  /**
   * Serves more of the cluster's REST API at this path (a more specific path wins over the
   * documents).
   */
  void serve(String path, HttpHandler handler) {
    server.createContext(path, handler);
  }

  /** What to give the Camunda client as its REST address. */
  public String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public FolderDocumentStore store() {
    return store;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("POST")
          || !exchange.getRequestURI().getPath().endsWith("/documents")) {
        answer(
            exchange,
            404,
            Map.of(
                "title",
                "NOT_FOUND",
                "detail",
                "the local runtime serves only POST /v2/documents"));
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      String boundary =
          contentType == null ? null : contentType.replaceAll(".*boundary=\"?([^\";]+)\"?.*", "$1");
      Path content = Files.createTempFile("seedflow-document", ".part");
      try {
        JsonNode metadata = Json.mapper().createObjectNode();
        try (MultipartReader parts =
            new MultipartReader(Okio.buffer(Okio.source(exchange.getRequestBody())), boundary)) {
          for (MultipartReader.Part next = parts.nextPart();
              next != null;
              next = parts.nextPart()) {
            try (MultipartReader.Part part = next) {
              String disposition = String.valueOf(part.headers().get("Content-Disposition"));
              if (disposition.contains("name=\"file\"")) {
                try (InputStream in = part.body().inputStream()) {
                  Files.copy(in, content, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
              } else if (disposition.contains("name=\"metadata\"")) {
                metadata = Json.mapper().readTree(part.body().readUtf8());
              }
            }
          }
        }
        long size = Files.size(content);
        if (size > maxBytes) {
          answer(
              exchange,
              413,
              Map.of(
                  "title",
                  "PAYLOAD_TOO_LARGE",
                  "detail",
                  "the file is "
                      + size
                      + " bytes, over this store's upload limit of "
                      + maxBytes
                      + " bytes (SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE)"));
          return;
        }
        CamundaDocumentReference reference;
        try (InputStream in = Files.newInputStream(content)) {
          String expiresAt = metadata.path("expiresAt").asText(null);
          Map<String, Object> custom =
              metadata.has("customProperties")
                  ? Json.mapper()
                      .convertValue(
                          metadata.get("customProperties"),
                          Json.mapper()
                              .getTypeFactory()
                              .constructMapType(Map.class, String.class, Object.class))
                  : null;
          reference =
              store.createDocument(
                  DocumentCreationRequest.from(in)
                      .contentType(metadata.path("contentType").asText(null))
                      .fileName(metadata.path("fileName").asText(null))
                      .timeToLive(
                          expiresAt == null
                              ? null
                              : Duration.between(
                                  OffsetDateTime.now(), OffsetDateTime.parse(expiresAt)))
                      .customProperties(custom)
                      .build());
        }
        answer(exchange, 201, json(reference));
      } finally {
        Files.deleteIfExists(content);
      }
    } catch (RuntimeException e) {
      answer(
          exchange,
          500,
          Map.of("title", "INTERNAL_ERROR", "detail", String.valueOf(e.getMessage())));
    }
  }

  /**
   * The answer the cluster gives: the document reference, keys as strings as in the 8.8 REST API.
   */
  private static Map<String, Object> json(CamundaDocumentReference reference) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    var m = reference.getMetadata();
    metadata.put("contentType", m.getContentType());
    metadata.put("fileName", m.getFileName());
    if (m.getExpiresAt() != null) metadata.put("expiresAt", m.getExpiresAt().toString());
    metadata.put("size", m.getSize());
    if (m.getCustomProperties() != null) metadata.put("customProperties", m.getCustomProperties());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("camunda.document.type", "camunda");
    body.put("storeId", reference.getStoreId());
    body.put("documentId", reference.getDocumentId());
    body.put("contentHash", reference.getContentHash());
    body.put("metadata", metadata);
    return body;
  }

  private static void answer(HttpExchange exchange, int status, Map<String, Object> body)
      throws IOException {
    byte[] bytes = Json.mapper().writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    exchange
        .getResponseHeaders()
        .set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
