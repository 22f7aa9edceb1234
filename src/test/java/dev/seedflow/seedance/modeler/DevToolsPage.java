package dev.seedflow.seedance.modeler;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.json.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

/**
 * One browser tab, driven with the Chrome DevTools protocol over its WebSocket: commands carry an
 * id, and the answer with the same id completes them. Script errors on the page are kept, so a
 * failing test can show them.
 */
final class DevToolsPage implements AutoCloseable {
  private static final ObjectMapper JSON = Json.mapper();
  private static final OkHttpClient HTTP =
      new OkHttpClient.Builder().readTimeout(0, TimeUnit.SECONDS).build();

  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> pageErrors = new CopyOnWriteArrayList<>();
  private WebSocket socket;

  private DevToolsPage() {}

  static DevToolsPage open(String endpoint) throws IOException {
    Request newTab =
        new Request.Builder()
            .url(endpoint + "/json/new?about:blank")
            .put(RequestBody.create(new byte[0]))
            .build();
    String socketUrl;
    try (Response response = HTTP.newCall(newTab).execute()) {
      if (!response.isSuccessful())
        throw new IOException("Chromium refused a new tab: HTTP " + response.code());
      socketUrl = JSON.readTree(response.body().string()).get("webSocketDebuggerUrl").asText();
    }
    DevToolsPage page = new DevToolsPage();
    page.socket =
        HTTP.newWebSocket(new Request.Builder().url(socketUrl).build(), page.new Listener());
    page.send("Runtime.enable", Map.of());
    page.send("Page.enable", Map.of());
    return page;
  }

  JsonNode send(String method, Map<String, ?> params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> answer = new CompletableFuture<>();
    pending.put(id, answer);
    ObjectNode command = JSON.createObjectNode().put("id", id).put("method", method);
    command.set("params", JSON.valueToTree(params));
    socket.send(command.toString());
    try {
      return answer.get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          method + " failed: " + e.getCause().getMessage() + errorsSoFar());
    } catch (TimeoutException e) {
      throw new IllegalStateException(method + " got no answer within 60 s" + errorsSoFar());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " was interrupted");
    } finally {
      pending.remove(id);
    }
  }

  void viewport(int width, int height) {
    send(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", false));
  }

  /** Loads the URL and waits until the page has defined {@code readyGlobal}. */
  void load(String url, String readyGlobal) throws InterruptedException {
    send("Page.navigate", Map.of("url", url));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!evaluate(
            "document.readyState === 'complete' && typeof window."
                + readyGlobal
                + " !== 'undefined'")
        .asBoolean()) {
      if (System.nanoTime() > deadline)
        throw new IllegalStateException(url + " did not load within 60 s" + errorsSoFar());
      Thread.sleep(50);
    }
  }

  /** Runs the expression (awaiting a promise it returns) and gives back its value as JSON. */
  JsonNode evaluate(String expression) {
    JsonNode result =
        send(
            "Runtime.evaluate",
            Map.of("expression", expression, "awaitPromise", true, "returnByValue", true));
    if (result.has("exceptionDetails")) {
      JsonNode details = result.get("exceptionDetails");
      String message =
          details.path("exception").path("description").asText(details.path("text").asText());
      throw new IllegalStateException("the page threw: " + message);
    }
    return result.path("result").path("value");
  }

  /** Calls a function with the arguments given as JSON values. */
  JsonNode call(String function, Object... args) {
    List<String> encoded = new ArrayList<>();
    for (Object arg : args) encoded.add(JSON.valueToTree(arg).toString());
    return evaluate(function + "(" + String.join(", ", encoded) + ")");
  }

  /** A PNG of the page region, including what lies beyond the viewport. */
  byte[] screenshot(JsonNode box) {
    Map<String, Object> clip =
        Map.of(
            "x",
            box.get("x").asDouble(),
            "y",
            box.get("y").asDouble(),
            "width",
            Math.ceil(box.get("width").asDouble()),
            "height",
            Math.ceil(box.get("height").asDouble()),
            "scale",
            1);
    JsonNode shot =
        send(
            "Page.captureScreenshot",
            Map.of("format", "png", "clip", clip, "captureBeyondViewport", true));
    return Base64.getDecoder().decode(shot.get("data").asText());
  }

  private String errorsSoFar() {
    return pageErrors.isEmpty() ? "" : " (page errors: " + String.join("; ", pageErrors) + ")";
  }

  @Override
  public void close() {
    socket.close(1000, "done");
  }

  private final class Listener extends WebSocketListener {
    @Override
    public void onMessage(WebSocket webSocket, String text) {
      JsonNode message;
      try {
        message = JSON.readTree(text);
      } catch (IOException e) {
        return;
      }
      if (message.has("id")) {
        CompletableFuture<JsonNode> answer = pending.get(message.get("id").asInt());
        if (answer == null) return;
        if (message.has("error"))
          answer.completeExceptionally(
              new IllegalStateException(message.get("error").path("message").asText()));
        else answer.complete(message.path("result"));
      } else if ("Runtime.exceptionThrown".equals(message.path("method").asText())) {
        JsonNode details = message.path("params").path("exceptionDetails");
        pageErrors.add(
            details.path("exception").path("description").asText(details.path("text").asText()));
      }
    }

    @Override
    public void onFailure(WebSocket webSocket, Throwable failure, Response response) {
      pending.values().forEach(answer -> answer.completeExceptionally(failure));
    }
  }
}
