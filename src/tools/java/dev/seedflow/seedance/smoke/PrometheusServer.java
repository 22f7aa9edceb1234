package dev.seedflow.seedance.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Debian's {@code prometheus}, started for smoke with a scrape every second of the targets given,
 * and asked through its HTTP API, as an operator's dashboard would. Absent from the machine, smoke
 * says so and skips only its metrics part.
 */
final class PrometheusServer implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/bin/prometheus");
  private final Process process;
  private final int port;
  private final HttpClient http = HttpClient.newHttpClient();

  private PrometheusServer(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static boolean installed() {
    return Files.isExecutable(BINARY);
  }

  /**
   * @param targets job name to the {@code host:port} and metrics path it scrapes
   */
  static PrometheusServer start(Path work, Map<String, Map.Entry<String, String>> targets)
      throws IOException {
    StringBuilder config =
        new StringBuilder(
            "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n");
    targets.forEach(
        (job, target) ->
            config
                .append("  - job_name: ")
                .append(job)
                .append("\n    metrics_path: ")
                .append(target.getValue())
                .append("\n    static_configs:\n      - targets: ['")
                .append(target.getKey())
                .append("']\n"));
    Path file = work.resolve("prometheus.yml");
    Files.writeString(file, config);
    Path data = work.resolve("prometheus-data");
    try (var old = Files.exists(data) ? Files.walk(data) : java.util.stream.Stream.<Path>empty()) {
      old.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
    int port = freePort();
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--config.file=" + file.toAbsolutePath(),
                "--storage.tsdb.path=" + data.toAbsolutePath(),
                "--web.listen-address=127.0.0.1:" + port)
            .redirectErrorStream(true)
            .redirectOutput(work.resolve("prometheus.log").toFile())
            .start();
    return new PrometheusServer(process, port);
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /**
   * The value of an instant query that yields one number, once a scrape has it; empty if it never
   * does within the wait.
   */
  Optional<Double> value(String query, Duration wait) throws InterruptedException {
    long until = System.nanoTime() + wait.toNanos();
    do {
      try {
        HttpResponse<String> answer =
            http.send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + port
                                + "/api/v1/query?query="
                                + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode result = Json.mapper().readTree(answer.body()).path("data").path("result");
        if (result.isArray() && !result.isEmpty())
          return Optional.of(result.get(0).path("value").get(1).asDouble());
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(500);
    } while (System.nanoTime() < until);
    return Optional.empty();
  }

  /**
   * The targets' health as Prometheus saw it on its last scrape of each: job name to "up" or the
   * error.
   */
  List<String> targetHealth() throws IOException, InterruptedException {
    HttpResponse<String> answer =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/targets"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    List<String> health = new java.util.ArrayList<>();
    for (JsonNode target :
        Json.mapper().readTree(answer.body()).path("data").path("activeTargets")) {
      health.add(
          target.path("labels").path("job").asText()
              + " "
              + target.path("health").asText()
              + " "
              + target.path("lastError").asText(""));
    }
    return health;
  }

  @Override
  public void close() {
    process.destroy();
  }
}
