package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The meters and the probes as an operator reads them: real jobs through the worker, then the
 * management port's {@code /metrics} in Prometheus' text format, and readiness that follows the
 * worker's life.
 */
class ManagementEndpointTest {
  private static final String KEY = "sk-meters";
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> get(ManagementEndpoint endpoint, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void metricsCountWhatTheWorkerDidAndReadinessFollowsItsLife() throws Exception {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    WorkerMeters meters = new WorkerMeters(registry);
    WorkerSettings settings = WorkerSettings.of(Map.of("typical-run", "PT1S", "local-run", "true"));
    try (WorkerFixture local =
        WorkerFixture.start(
            Map.of("SEEDANCE_API_KEY", KEY),
            SimulatorSettings.realistic()
                .withApiKey(KEY)
                .withTimes(
                    Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofMillis(300)))) {
      SeedanceWorker worker =
          new SeedanceWorker(
                  local.runtime.client(),
                  new SeedanceClient(settings.clientSettings(), meters),
                  new LookupSecrets(local.secrets::get),
                  local.runtime.documents(),
                  PriceTable.EMPTY,
                  settings,
                  meters)
              .start();
      try (ManagementEndpoint endpoint =
          ManagementEndpoint.bind(0).serve(registry, worker::ready, java.util.Optional.empty())) {
        assertThat(get(endpoint, ManagementEndpoint.LIVE).statusCode()).isEqualTo(200);
        await("the gateway answers").atMost(Duration.ofSeconds(10)).until(worker::ready);
        assertThat(get(endpoint, ManagementEndpoint.READY).statusCode()).isEqualTo(200);

        BpmnModelInstance model = local.generating("prompt", "A clip", "pollInterval", "PT0.2S");
        String taskId = null;
        for (int i = 0; i < 2; i++) {
          ProcessOutcome outcome = local.runtime.run(model, Map.of(), Duration.ofSeconds(30));
          assertThat(outcome.state()).isEqualTo(ProcessOutcome.State.COMPLETED);
          taskId =
              String.valueOf(((Map<?, ?>) outcome.variables().get("generatedVideo")).get("taskId"));
        }
        assertThat(taskId).startsWith("cgt-");
        local
            .simulator
            .faults()
            .next(RequestKind.CREATE, Fault.rateLimited(Duration.ofMillis(10)), 1);
        assertThat(local.runtime.run(model, Map.of(), Duration.ofSeconds(30)).state())
            .isEqualTo(ProcessOutcome.State.COMPLETED);

        String scraped = get(endpoint, ManagementEndpoint.METRICS).body();
        assertThat(scraped)
            .contains("seedflow_jobs_ended_total{code=\"none\",outcome=\"completed\"} 3.0")
            .contains(
                "seedflow_provider_requests_total{dialect=\"ark\",kind=\"create\",outcome=\"ok\"}"
                    + " 3.0")
            .contains(
                "seedflow_provider_requests_total{dialect=\"ark\",kind=\"create\",outcome=\"rate_limited\"}"
                    + " 1.0")
            .contains(
                "seedflow_provider_requests_total{dialect=\"ark\",kind=\"download\",outcome=\"ok\"}")
            .contains("seedflow_video_completion_lag_seconds_bucket{le=")
            .contains("seedflow_video_completion_lag_seconds_count 3")
            .contains(
                "seedflow_tokens_estimated_tokens_count{model=\"dreamina-seedance-2-0-fast-260128\"}"
                    + " 3")
            .contains("seedflow_documents_kept_bytes_total")
            .contains("seedflow_videos_waiting 0.0")
            .contains("seedflow_videos_waiting_room 0.0")
            .doesNotContain(taskId)
            .doesNotContain(KEY)
            .doesNotContain("A clip");
      } finally {
        worker.close();
      }
      assertThat(worker.ready()).as("not ready once closed").isFalse();
    }
  }
}
