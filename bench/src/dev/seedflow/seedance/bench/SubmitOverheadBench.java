package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Our create call (validation, body, a fresh connection, the answer read as a task) against a raw
 * OkHttp POST of the same body to the same loopback server, interleaved so both see the same
 * machine.
 */
final class SubmitOverheadBench {
  record Result(int calls, Stats oursMicros, Stats rawMicros) {}

  static Result run(int calls) throws Exception {
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(SimulatorSettings.realistic().withApiKey("bench-key"));
        SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun())) {
      ProviderConfig provider =
          new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), "bench-key");
      VideoRequest video =
          VideoRequest.builder("dreamina-seedance-2-0-fast-260128")
              .prompt("A red bicycle in the rain")
              .firstFrame("https://example.com/first.png")
              .duration(5)
              .aspectRatio("16:9")
              .resolution("720p")
              .build();
      String body =
          Dialect.of(ProviderType.ARK)
              .createBody(
                  RequestValidator.validate(provider, video, Dialect.of(ProviderType.ARK).rules()))
              .toString();
      OkHttpClient raw = new OkHttpClient();
      Request rawRequest =
          new Request.Builder()
              .url(simulator.baseUrl() + "/api/v3/contents/generations/tasks")
              .header("Authorization", "Bearer bench-key")
              .post(RequestBody.create(body, MediaType.get("application/json")))
              .build();
      List<Double> ours = new ArrayList<>();
      List<Double> plain = new ArrayList<>();
      int warmup = Math.max(100, calls / 5);
      for (int i = 0; i < warmup + calls; i++) {
        long a = System.nanoTime();
        client.create(provider, client.validate(provider, video));
        long b = System.nanoTime();
        try (Response response = raw.newCall(rawRequest).execute()) {
          response.body().string();
        }
        long c = System.nanoTime();
        if (i >= warmup) {
          ours.add((b - a) / 1000.0);
          plain.add((c - b) / 1000.0);
        }
      }
      return new Result(calls, Stats.of(ours), Stats.of(plain));
    }
  }
}
