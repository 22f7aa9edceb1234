package dev.seedflow.seedance.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every model in bpmn-examples/ is the generated one, and runs end to end on the embedded engine with the connector,
 * the worker and the simulator, exactly as {@code ./seedance run} runs it. The instances run side by side.
 */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("bpmn-examples");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static LocalSession session;
  private static JobWorker people;
  private static final AtomicInteger REVIEWS = new AtomicInteger();

  @BeforeAll
  static void start() {
    session = LocalSession.start(Map.of());
    // The people in the marketing flow: a reviewer (one revision, then approval per brief) and a brief fixer.
    people = session.runtime.client().newWorker().jobType("io.camunda.zeebe:userTask").handler((client, job) -> {
      Map<String, Object> variables = job.getVariablesAsMap();
      Map<String, Object> answer = new HashMap<>();
      if (job.getElementId().equals("fix_brief")) {
        Map<String, Object> brief = new HashMap<>(castMap(variables.get("brief")));
        brief.put("prompt", ((String) brief.get("prompt")).replace("[sim:fail]", "").trim());
        answer.put("brief", brief);
      } else {
        boolean firstLook = variables.get("feedback") == null;
        REVIEWS.incrementAndGet();
        answer.put("approved", !firstLook);
        if (firstLook) answer.put("feedback", "Closer on the sole, please");
      }
      client.newCompleteCommand(job.getKey()).variables(answer).send().join();
    }).open();
  }

  @AfterAll
  static void stop() {
    if (people != null) people.close();
    if (session != null) session.close();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Object value) {
    return (Map<String, Object>) value;
  }

  @Test
  void committedExamplesAreTheGeneratedOnes() throws IOException {
    List<String> stale = new ArrayList<>();
    for (var example : new ExampleModels(Path.of("element-templates")).all().entrySet()) {
      Path file = EXAMPLES.resolve(example.getKey());
      if (!Files.exists(file) || !Files.readString(file).equals(ExampleModels.xml(example.getValue()))) stale.add(file.toString());
    }
    assertThat(stale).as("run ./seedance examples and commit the result").isEmpty();
  }

  @Test
  void everyExampleRunsEndToEnd() throws Exception {
    Map<String, Long> started = new HashMap<>();
    started.put("quickstart", start("quickstart-text-to-video.bpmn", Map.of()));
    started.put("image", start("image-to-video.bpmn", Map.of()));
    started.put("notify", start("create-notify-await.bpmn", Map.of()));
    started.put("timer", start("timer-loop.bpmn", Map.of()));
    started.put("approval", start("marketing-approval.bpmn", Map.of("brief", Map.of("productImage", ExampleModels.PRODUCT_IMAGE,
        "prompt", "A trail shoe in a stream"))));
    started.put("failedBrief", start("marketing-approval.bpmn", Map.of("brief", Map.of("productImage", ExampleModels.PRODUCT_IMAGE,
        "prompt", "A trail shoe in a stream [sim:fail]"))));
    // The timer loop waits 10 s between reads; the engine's clock is moved on so the test need not wait.
    Thread clock = Thread.ofPlatform().daemon().start(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(1000);
        } catch (InterruptedException e) {
          return;
        }
        session.runtime.engine().increaseTime(Duration.ofSeconds(10));
      }
    });
    try {
      ProcessOutcome quickstart = completed(started.get("quickstart"));
      assertThat(quickstart.variables().get("generatedVideo")).asInstanceOf(MAP).containsEntry("status", "succeeded").containsKey("videoUrl");

      ProcessOutcome image = completed(started.get("image"));
      assertThat(image.variables().get("generatedVideo")).asInstanceOf(MAP).containsEntry("status", "succeeded");

      ProcessOutcome notify = completed(started.get("notify"));
      Object taskId = ((Map<?, ?>) notify.variables().get("videoTask")).get("taskId");
      assertThat((String) notify.variables().get("teamNotice")).contains((String) taskId);
      assertThat(notify.variables().get("generatedVideo")).asInstanceOf(MAP).containsEntry("taskId", taskId);

      ProcessOutcome timer = completed(started.get("timer"));
      assertThat(timer.variables().get("videoStatus")).asInstanceOf(MAP).containsEntry("status", "succeeded");
      assertThat(timer.completedElements()).contains("wait", "read_task", "video_ready");

      ProcessOutcome approval = completed(started.get("approval"));
      assertThat(approval.completedElements()).contains("count_revision", "publish", "published");
      assertThat(approval.variables()).containsEntry("revisionRound", 1);
      assertThat(approval.variables().get("publication")).asInstanceOf(MAP).containsKey("url");

      ProcessOutcome failedBrief = completed(started.get("failedBrief"));
      assertThat(failedBrief.completedElements()).as("the failed video went to 'Fix the brief', then on to publishing")
          .contains("video_failed", "fix_brief", "published");
    } finally {
      clock.interrupt();
    }
  }

  private static long start(String file, Map<String, Object> variables) {
    BpmnModelInstance model = Bpmn.readModelFromFile(EXAMPLES.resolve(file).toFile());
    return session.runtime.start(model, variables);
  }

  private static ProcessOutcome completed(long key) throws InterruptedException {
    ProcessOutcome outcome = session.runtime.records().await(key, TIMEOUT);
    assertThat(outcome.state()).as(outcome.incidents().toString()).isEqualTo(ProcessOutcome.State.COMPLETED);
    return outcome;
  }
}
