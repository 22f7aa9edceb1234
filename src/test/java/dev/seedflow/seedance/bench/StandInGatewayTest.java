package dev.seedflow.seedance.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.bench.gateway.GatewayRecord;
import dev.seedflow.seedance.bench.gateway.JobSample;
import dev.seedflow.seedance.bench.gateway.StandInGateway;
import dev.seedflow.seedance.json.Json;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The capacity benchmark's stand-in for the Zeebe gateway answers a real Camunda client as Zeebe
 * does, since the benchmark's verdicts (completed exactly once, none failed, no task id replaced)
 * rest on its record.
 */
class StandInGatewayTest {
  private static final JobSample SAMPLE =
      new JobSample(
          "dev.seedflow:seedance-generate:1",
          "capacity",
          1L,
          "generate",
          "{\"resultVariable\":\"generatedVideo\"}",
          (ObjectNode)
              Json.mapper()
                  .createObjectNode()
                  .set("video", Json.mapper().createObjectNode().put("prompt", "A clip")),
          3);

  @Test
  void handsOutJobsAndRefusesWhatZeebeRefuses() throws Exception {
    try (StandInGateway gateway = StandInGateway.start(SAMPLE, 3);
        CamundaClient client =
            CamundaClient.newClientBuilder()
                .grpcAddress(URI.create(gateway.address()))
                .restAddress(URI.create("http://127.0.0.1:9"))
                .preferRestOverGrpc(false)
                .build()) {
      assertThat(activate(client, 10, Duration.ofMinutes(1))).as("held until opened").isEmpty();
      gateway.open();
      List<ActivatedJob> jobs = activate(client, 2, Duration.ofMillis(300));
      assertThat(jobs).hasSize(2);
      assertThat(jobs)
          .extracting(job -> job.getVariablesAsMap().get("video"))
          .doesNotHaveDuplicates();
      assertThat(jobs.getFirst().getCustomHeaders())
          .containsEntry("resultVariable", "generatedVideo");
      ActivatedJob done = jobs.get(0), timedOut = jobs.get(1);

      client
          .newSetVariablesCommand(done.getElementInstanceKey())
          .variables(Map.of("seedanceTaskId", "cgt-1"))
          .local(true)
          .send()
          .join();
      client
          .newCompleteCommand(done.getKey())
          .variables(Map.of("generatedVideo", Map.of("videoUrl", "https://videos/1.mp4")))
          .send()
          .join();
      assertRefused(
          () -> client.newCompleteCommand(done.getKey()).send().join(), Status.Code.NOT_FOUND);
      assertRefused(
          () ->
              client
                  .newSetVariablesCommand(done.getElementInstanceKey())
                  .variables(Map.of("x", 1))
                  .send()
                  .join(),
          Status.Code.NOT_FOUND);

      // Its timeout passes: it goes out again, with what was noted on its element instance.
      client
          .newSetVariablesCommand(timedOut.getElementInstanceKey())
          .variables(Map.of("seedanceTaskId", "cgt-2"))
          .local(true)
          .send()
          .join();
      List<ActivatedJob> later = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (later.stream().noneMatch(job -> job.getKey() == timedOut.getKey())
          && System.nanoTime() < deadline) {
        later.addAll(activate(client, 10, Duration.ofMinutes(1)));
      }
      ActivatedJob back =
          later.stream().filter(job -> job.getKey() == timedOut.getKey()).findFirst().orElseThrow();
      assertThat(back.getVariablesAsMap()).containsEntry("seedanceTaskId", "cgt-2");
      assertRefused(
          () ->
              client
                  .newUpdateTimeoutCommand(done.getKey())
                  .timeout(Duration.ofMinutes(1))
                  .send()
                  .join(),
          Status.Code.NOT_FOUND);

      ActivatedJob third =
          later.stream().filter(job -> job.getKey() != timedOut.getKey()).findFirst().orElseThrow();
      client.newFailCommand(third.getKey()).retries(0).errorMessage("an incident").send().join();
      assertRefused(
          () -> client.newCompleteCommand(third.getKey()).send().join(),
          Status.Code.FAILED_PRECONDITION);

      GatewayRecord record = gateway.record();
      assertThat(record.completedOnce()).isEqualTo(1);
      assertThat(record.completedWithVideo()).isEqualTo(1);
      assertThat(record.failed()).isEqualTo(1);
      assertThat(record.withTaskId()).isEqualTo(2);
      assertThat(record.taskIdReplaced()).isZero();
      assertThat(record.activatedAgain()).isEqualTo(1);
      assertThat(record.refused()).isEqualTo(4);
      assertThat(record.calls())
          .containsEntry("CompleteJob", 3L)
          .containsEntry("FailJob", 1L)
          .containsEntry("UpdateJobTimeout", 1L);
    }
  }

  private static void assertRefused(Runnable command, Status.Code code) {
    assertThatThrownBy(command::run)
        .isInstanceOfSatisfying(
            ClientStatusException.class, e -> assertThat(e.getStatusCode()).isEqualTo(code));
  }

  private static List<ActivatedJob> activate(CamundaClient client, int max, Duration timeout) {
    return client
        .newActivateJobsCommand()
        .jobType(SAMPLE.type())
        .maxJobsToActivate(max)
        .workerName("test")
        .timeout(timeout)
        .requestTimeout(Duration.ofMillis(300))
        .send()
        .join()
        .getJobs();
  }
}
