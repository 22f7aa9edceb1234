package dev.seedflow.seedance.connector.finished;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.connector.finished.CallbackCheck.Confirmation;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.Fault;
import dev.seedflow.seedance.simulator.RequestKind;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a callback to the "video finished" event comes to, against the simulator over loopback: only a read of the
 * task with the key decides, so a forged, early or malformed callback correlates nothing.
 */
class CallbackCheckTest {
  private SeedanceSimulator simulator;
  private SeedanceClient client;
  private ProviderConfig ark;
  private final CalledBackTasks calledBack = new CalledBackTasks();
  private CallbackCheck check;

  @BeforeEach
  void start() {
    simulator = SeedanceSimulator.start(SimulatorSettings.realistic().withApiKey("test-key")
        .withTimes(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2)).withTimeScale(20));
    client = new SeedanceClient(ClientSettings.forLocalRun());
    ark = new ProviderConfig(ProviderType.ARK, simulator.baseUrl(), "test-key");
    check = new CallbackCheck(client, calledBack);
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private static byte[] body(String json) {
    return json.getBytes(StandardCharsets.UTF_8);
  }

  private String created(String prompt) {
    return client.create(ark, client.validate(ark, VideoRequest.builder("dreamina-seedance-2-0-fast-260128").prompt(prompt).build())).taskId();
  }

  @Test
  void anEndedTaskIsConfirmedByItsReadNotByTheCallbacksBody() throws Exception {
    String taskId = created("a heron");
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Confirmation confirmation;
    // A forged "succeeded" for a task still running: the read says running, nothing is correlated.
    confirmation = check.confirm(body("{\"id\":\"" + taskId + "\",\"status\":\"succeeded\",\"content\":{\"video_url\":\"https://attacker.example/x.mp4\"}}"), ark);
    assertThat(confirmation).isInstanceOfSatisfying(Confirmation.Answered.class, a -> {
      assertThat(a.status()).isEqualTo(202);
      assertThat(a.message()).contains(taskId).contains("waits for its end");
    });
    do {
      Thread.sleep(50);
      confirmation = check.confirm(body("{\"id\":\"" + taskId + "\"}"), ark);
    } while (confirmation instanceof Confirmation.Answered && System.nanoTime() < deadline);
    assertThat(confirmation).isInstanceOfSatisfying(Confirmation.Ended.class, ended -> {
      TaskSnapshot task = ended.task();
      assertThat(task.status()).isEqualTo(TaskStatus.SUCCEEDED);
      assertThat(task.videoUrl()).as("the provider's URL, never the callback's").doesNotContain("attacker.example");
    });
  }

  @Test
  void aCallbackForATaskTheProviderDoesNotHaveCostsOneReadAndCorrelatesNothing() {
    Confirmation forged = check.confirm(body("{\"id\":\"cgt-20261203-made-up\",\"status\":\"succeeded\"}"), ark);
    assertThat(forged).isInstanceOfSatisfying(Confirmation.Answered.class, a -> {
      assertThat(a.status()).isEqualTo(404);
      assertThat(a.message()).contains("cgt-20261203-made-up").contains("did not send this callback");
    });
    assertThat(simulator.count(RequestKind.READ)).isEqualTo(1);
  }

  @Test
  void aMalformedOrOversizedCallbackIsRefusedWithoutARead() {
    assertThat(check.confirm(body("not json"), ark)).isEqualTo(new Confirmation.Answered(400, "the callback names no task: its JSON body needs a task id in 'id'"));
    assertThat(check.confirm(body("{\"id\":\"../../admin\"}"), ark)).isInstanceOfSatisfying(Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(400));
    assertThat(check.confirm(null, ark)).isInstanceOfSatisfying(Confirmation.Answered.class, a -> assertThat(a.status()).isEqualTo(400));
    assertThat(check.confirm(new byte[CallbackCheck.MAX_BODY_BYTES + 1], ark)).isInstanceOfSatisfying(Confirmation.Answered.class,
        a -> assertThat(a.status()).isEqualTo(413));
    assertThat(simulator.count(RequestKind.READ)).isZero();
  }

  @Test
  void aRepeatOfACorrelatedTaskCostsNoRead() {
    calledBack.add("cgt-done-already");
    assertThat(check.confirm(body("{\"id\":\"cgt-done-already\"}"), ark)).isInstanceOfSatisfying(Confirmation.Answered.class, a -> {
      assertThat(a.status()).isEqualTo(200);
      assertThat(a.message()).contains("reported already");
    });
    assertThat(simulator.count(RequestKind.READ)).isZero();
  }

  /** A provider that cannot be read now is answered 5xx, so it calls again (Ark retries a final callback 3 times). */
  @Test
  void aProviderThatCannotBeReadGetsAnAnswerThatMakesItCallAgain() {
    String taskId = created("a heron in the rain");
    simulator.faults().next(RequestKind.READ, new Fault.ServerError(503), 20);
    assertThat(check.confirm(body("{\"id\":\"" + taskId + "\"}"), ark)).isInstanceOfSatisfying(Confirmation.Answered.class, a -> {
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.message()).contains(taskId).contains("SEEDANCE_PROVIDER_UNAVAILABLE");
    });
  }
}
