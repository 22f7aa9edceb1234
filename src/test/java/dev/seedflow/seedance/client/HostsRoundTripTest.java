package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.RecordedRequest;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * fal and Replicate against the simulator over loopback HTTP: their paths, their key header, their
 * failures and cancels.
 */
class HostsRoundTripTest {
  private SeedanceSimulator simulator;
  private SeedanceClient client;

  @BeforeEach
  void start() {
    simulator = SeedanceSimulator.start(SimulatorRoundTripTest.FAST.withApiKey("host-key"));
    client = new SeedanceClient(ClientSettings.forLocalRun());
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private ProviderConfig provider(ProviderType type) {
    return new ProviderConfig(type, simulator.baseUrl(), "host-key");
  }

  private String create(ProviderType type, VideoRequest video) {
    return client.create(provider(type), client.validate(provider(type), video)).taskId();
  }

  private TaskSnapshot awaitFinal(ProviderType type, String taskId) throws InterruptedException {
    return await("task " + taskId + " ends")
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.get(provider(type), taskId), task -> task.status().isFinal());
  }

  @Test
  void falIsAskedWithItsKeyHeaderAtTheUrlsItGaveAndTheResultIsReadOnce()
      throws InterruptedException {
    String id =
        create(
            ProviderType.FAL,
            VideoRequest.builder("bytedance/seedance-2.0/fast").prompt("p").build());
    assertThat(id).startsWith("bytedance:seedance-2.0:");
    TaskSnapshot done = awaitFinal(ProviderType.FAL, id);
    assertThat(done.status()).isEqualTo(TaskStatus.SUCCEEDED);
    assertThat(done.videoUrl()).contains("/media/bytedance/seedance-2.0/fast/");
    List<RecordedRequest> requests = simulator.requests();
    assertThat(requests.getFirst().path()).isEqualTo("/bytedance/seedance-2.0/fast/text-to-video");
    String request = "/bytedance/seedance-2.0/requests/" + id.substring(id.lastIndexOf(':') + 1);
    assertThat(
            requests.stream().filter(r -> r.kind() == RequestKind.READ).map(RecordedRequest::path))
        .as("the status at fal's status URL, which leaves the tier out, then the result once")
        .endsWith(request + "/status", request)
        .filteredOn(request::equals)
        .hasSize(1);
    assertThat(requests).allMatch(RecordedRequest::authorized);
  }

  @Test
  void bothHostsCancelAQueuedTaskTheirWay() {
    for (ProviderType type : List.of(ProviderType.FAL, ProviderType.REPLICATE)) {
      String id =
          create(
              type,
              VideoRequest.builder("bytedance/seedance-2.0").prompt("p [sim:queue=600]").build());
      assertThat(client.cancel(provider(type), id).status())
          .as(type.wireName())
          .isEqualTo(TaskStatus.CANCELLED);
    }
    assertThat(
            simulator.requests().stream()
                .filter(r -> r.kind() == RequestKind.CANCEL)
                .map(RecordedRequest::method))
        .containsExactly("PUT", "POST");
    String replicate =
        simulator.requests().stream()
            .filter(r -> r.kind() == RequestKind.CANCEL)
            .toList()
            .getLast()
            .path();
    assertThat(client.get(provider(ProviderType.REPLICATE), replicate.split("/")[3]).status())
        .isEqualTo(TaskStatus.CANCELLED);
  }

  /**
   * fal only signals a request that runs ({@code CANCELLATION_REQUESTED}): the cancel reports the
   * task as it was, under fal's word, since it may still finish; the reads then see how it ended. A
   * result refused as cancelled is cancelled.
   */
  @Test
  void falsCancelOfARunningRequestIsAskedNotClaimed() throws InterruptedException {
    String id =
        create(
            ProviderType.FAL,
            VideoRequest.builder("bytedance/seedance-2.0")
                .prompt("p [sim:queue=0] [sim:run=600]")
                .build());
    await("running")
        .atMost(Duration.ofSeconds(5))
        .until(
            () -> client.get(provider(ProviderType.FAL), id),
            t -> t.status() == TaskStatus.RUNNING);
    TaskSnapshot asked = client.cancel(provider(ProviderType.FAL), id);
    assertThat(asked.status()).isEqualTo(TaskStatus.RUNNING);
    assertThat(asked.rawStatus()).isEqualTo("CANCELLATION_REQUESTED");
    TaskSnapshot ended = awaitFinal(ProviderType.FAL, id);
    assertThat(ended.status()).isEqualTo(TaskStatus.CANCELLED);
    assertThat(ended.error().code()).isEqualTo("request_cancelled");
  }

  /**
   * fal's two failure forms of a finished request's result: the model error (422, {@code
   * detail[].type}) and the request error (503, {@code error_type} and {@code X-Fal-Error-Type}).
   * Each is how the request ended: a failure in fal's words after one read of the result, never a
   * server error to retry or wait out.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "content_policy_violation | sensitive information",
        "runner_disconnected | Runner failed: runner_disconnected"
      })
  void eachOfFalsFailureFormsIsTheFailureReadOnce(String type, String words)
      throws InterruptedException {
    String id =
        create(
            ProviderType.FAL,
            VideoRequest.builder("bytedance/seedance-2.0")
                .prompt("p [sim:fail=" + type + "]")
                .build());
    TaskSnapshot done = awaitFinal(ProviderType.FAL, id);
    assertThat(done.status()).isEqualTo(TaskStatus.FAILED);
    assertThat(done.error().code()).isEqualTo(type);
    assertThat(done.error().message()).contains(words);
    assertThat(
            simulator.requests().stream()
                .filter(r -> r.kind() == RequestKind.READ && !r.path().endsWith("/status")))
        .hasSize(1);
  }

  /**
   * Replicate's two endings without a video, in its words: {@code failed} with its {@code error}
   * text (which has no code, so the status word stands for one), and {@code aborted}, its deadline
   * passed before it ran.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "p [sim:fail=E001] | FAILED | failed | SEEDANCE_TASK_FAILED | E001",
        "p [sim:expire] | EXPIRED | aborted | SEEDANCE_TASK_EXPIRED | aborted"
      })
  void eachOfReplicatesEndingsIsInItsWord(
      String prompt, TaskStatus status, String word, String code, String says)
      throws InterruptedException {
    String id =
        create(
            ProviderType.REPLICATE,
            VideoRequest.builder("bytedance/seedance-2.0-fast").prompt(prompt).build());
    TaskSnapshot done = awaitFinal(ProviderType.REPLICATE, id);
    assertThat(done.status()).isEqualTo(status);
    assertThat(done.rawStatus()).isEqualTo(word);
    if (status == TaskStatus.FAILED)
      assertThat(done.error().message()).as("Replicate's error text").contains(says);
    SeedanceException failure = TaskOutcome.failureOf(done).orElseThrow();
    assertThat(failure.code()).isEqualTo(code);
    assertThat(failure.getMessage())
        .as("the status word stands for the code")
        .contains("provider " + word)
        .contains(says)
        .doesNotContain("provider null");
  }

  /**
   * Replicate's deadline, sent as {@code Cancel-After}: a prediction not started by then is {@code
   * aborted} (unpaid), one still running is {@code canceled}.
   */
  @Test
  void replicatesDeadlineAbortsAnUnstartedPredictionAndCancelsARunningOne()
      throws InterruptedException {
    String waiting =
        create(
            ProviderType.REPLICATE,
            VideoRequest.builder("bytedance/seedance-2.0")
                .prompt("p [sim:queue=600]")
                .executionExpiresAfter(5)
                .build());
    String running =
        create(
            ProviderType.REPLICATE,
            VideoRequest.builder("bytedance/seedance-2.0")
                .prompt("p [sim:queue=0] [sim:run=600]")
                .executionExpiresAfter(5)
                .build());
    TaskSnapshot aborted = awaitFinal(ProviderType.REPLICATE, waiting);
    assertThat(aborted.status()).isEqualTo(TaskStatus.EXPIRED);
    assertThat(aborted.rawStatus()).isEqualTo("aborted");
    assertThat(awaitFinal(ProviderType.REPLICATE, running).rawStatus()).isEqualTo("canceled");
    assertThat(
            client
                .withWaitAsDeadline(
                    provider(ProviderType.REPLICATE),
                    VideoRequest.builder("m/x").prompt("p").build(),
                    Duration.ofHours(2))
                .executionExpiresAfter())
        .as("the step's wait, where the designer set none")
        .isEqualTo(7200);
    assertThat(
            client
                .withWaitAsDeadline(
                    provider(ProviderType.REPLICATE),
                    VideoRequest.builder("m/x").prompt("p").executionExpiresAfter(60).build(),
                    Duration.ofHours(2))
                .executionExpiresAfter())
        .as("the designer's own")
        .isEqualTo(60);
    assertThat(
            client
                .withWaitAsDeadline(
                    provider(ProviderType.FAL),
                    VideoRequest.builder("m/x").prompt("p").build(),
                    Duration.ofHours(2))
                .executionExpiresAfter())
        .as("fal has no deadline to give")
        .isNull();
  }

  @Test
  void aHostsRefusalIsQuotedAndAnInvalidRequestSendsNothing() {
    SeedanceException unknown =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                create(
                    ProviderType.FAL,
                    VideoRequest.builder("bytedance/seedance-9.9").prompt("p").build()));
    assertThat(unknown.errorCode()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(unknown.getMessage())
        .contains("Application 'bytedance/seedance-9.9/text-to-video' not found");
    int sent = simulator.requests().size();
    SeedanceException invalid =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                create(
                    ProviderType.REPLICATE,
                    VideoRequest.builder("bytedance/seedance-2.0")
                        .prompt("p")
                        .mode(dev.seedflow.seedance.request.Mode.EDIT)
                        .sourceVideo("https://example.com/v.mp4")
                        .build()));
    assertThat(invalid.errorCode()).isEqualTo(ErrorCode.INVALID_INPUT);
    assertThat(invalid.getMessage()).contains("video.mode").contains("replicate");
    assertThat(simulator.requests()).hasSize(sent);
  }

  @Test
  void aWrongFalKeyIsAnAuthFailureThatHidesTheKey() {
    ProviderConfig fal =
        new ProviderConfig(ProviderType.FAL, simulator.baseUrl(), "fal-wrong-key-1234");
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                client.create(
                    fal,
                    client.validate(
                        fal, VideoRequest.builder("bytedance/seedance-2.0").prompt("p").build())));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.AUTH);
    assertThat(e.getMessage()).contains("SEEDANCE_API_KEY").doesNotContain("fal-wrong-key-1234");
    assertThat(simulator.tasksCreated()).isZero();
  }
}
