package dev.seedflow.seedance.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every model in bpmn-examples/ is the generated one, and runs end to end on the embedded engine
 * with the connector, the worker and the simulator, exactly as {@code ./seedance run} runs it. The
 * instances run side by side.
 */
class ExamplesTest {
  private static final Path EXAMPLES = Path.of("bpmn-examples");
  private static final Duration TIMEOUT = Duration.ofSeconds(90);

  private static LocalSession session;
  private static ScriptedPeople people;
  private static final AtomicInteger REVIEWS = new AtomicInteger();

  /** What the brief fixer's form received: the failure's code and message. */
  private static final List<Map<String, Object>> FIXES =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() throws RunnerOptions.UsageException {
    session = LocalSession.start(Map.of(LocalSession.SIMULATOR_SPEED, "40"), true);
    // The people in the marketing flow: a reviewer (one revision, then approval per brief) and a
    // brief fixer.
    people =
        new ScriptedPeople(
            session.runtime,
            (task, variables) -> {
              Map<String, Object> answer = new HashMap<>();
              switch (task.elementId()) {
                case "fix_brief" -> {
                  FIXES.add(castMap(variables.get("videoError")));
                  Map<String, Object> brief =
                      variables.get("brief") == null
                          ? new HashMap<>()
                          : new HashMap<>(castMap(variables.get("brief")));
                  brief.put(
                      "prompt",
                      brief.get("prompt") == null
                          ? "A trail shoe in a stream"
                          : ((String) brief.get("prompt")).replace("[sim:fail]", "").trim());
                  brief.putIfAbsent("productImage", ExampleModels.PRODUCT_IMAGE);
                  answer.put("brief", brief);
                }
                case "approve_budget" -> answer.put("budgetApproved", true);
                default -> {
                  boolean firstLook = variables.get("feedback") == null;
                  REVIEWS.incrementAndGet();
                  answer.put("approved", !firstLook);
                  if (firstLook) answer.put("feedback", "Closer on the sole, please");
                }
              }
              return answer;
            });
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
      if (!Files.exists(file)
          || !Files.readString(file).equals(ExampleModels.xml(example.getValue())))
        stale.add(file.toString());
    }
    assertThat(stale).as("run ./seedance examples and commit the result").isEmpty();
  }

  /**
   * No example defaults to an address of its own: against a real provider it would have to serve
   * what it names.
   */
  @Test
  void noExampleDefaultsToAMediaAddress() throws IOException {
    for (String file : new ExampleModels(Path.of("element-templates")).all().keySet()) {
      Matcher inputs =
          Pattern.compile("(?:source|value)=\"([^\"]*)\"")
              .matcher(Files.readString(EXAMPLES.resolve(file)));
      while (inputs.find())
        assertThat(inputs.group(1)).as(file).doesNotContain("https://").doesNotContain("http://");
    }
  }

  /** Each example with the inputs bpmn-examples/README.md documents, doing what it says there. */
  @Test
  void everyExampleRunsEndToEndWithItsDocumentedInputs() throws Exception {
    Map<String, Object> brief =
        Map.of("productImage", ExampleModels.PRODUCT_IMAGE, "prompt", "A trail shoe in a stream");
    Map<String, Long> started = new HashMap<>();
    started.put(
        "quickstart",
        start("quickstart-text-to-video.bpmn", Map.of("prompt", "A red kite over the dunes")));
    started.put("quickstartDefault", start("quickstart-text-to-video.bpmn", Map.of()));
    started.put(
        "quickstartOverBudget",
        start(
            "quickstart-text-to-video.bpmn",
            Map.of("prompt", "A kite too dear", "maxTokens", 50_000)));
    started.put(
        "quickstartChosen",
        start(
            "quickstart-text-to-video.bpmn",
            Map.of(
                "prompt",
                "A kite, as chosen",
                "model",
                "dreamina-seedance-2-0-260128",
                "duration",
                4,
                "resolution",
                "480p",
                "aspectRatio",
                "9:16")));
    started.put(
        "quickstartBadRatio",
        start(
            "quickstart-text-to-video.bpmn",
            Map.of("prompt", "A kite at 16:10", "aspectRatio", "16:10")));
    started.put(
        "image",
        start(
            "image-to-video.bpmn",
            Map.of(
                "firstFrameUrl",
                "https://example.com/front.png",
                "lastFrameUrl",
                "https://example.com/side.png",
                "prompt",
                "The shoe turns")));
    started.put("notify", start("create-notify-await.bpmn", Map.of("prompt", "Latte art")));
    started.put(
        "callback", start("create-callback-await.bpmn", Map.of("prompt", "A heron, called back")));
    started.put("timer", start("timer-loop.bpmn", Map.of("prompt", "A lake at dawn")));
    started.put("approval", start("marketing-approval.bpmn", Map.of("brief", brief)));
    started.put(
        "overThreshold",
        start("marketing-approval.bpmn", Map.of("brief", brief, "approvalThreshold", 1000)));
    started.put(
        "failedBrief",
        start(
            "marketing-approval.bpmn",
            Map.of(
                "brief",
                Map.of(
                    "productImage",
                    ExampleModels.PRODUCT_IMAGE,
                    "prompt",
                    "A trail shoe in a stream [sim:fail]"))));
    started.put("noBrief", start("marketing-approval.bpmn", Map.of()));
    // The timer loop waits 10 s between reads; the engine's clock is moved on so the test need not
    // wait.
    AutoCloseable clock = session.runtime.engine().fastForward(Duration.ofSeconds(10));
    try {
      ProcessOutcome quickstart = completed(started.get("quickstart"));
      assertThat(session.simulator.tasksWithPrompt("A red kite over the dunes"))
          .as("the quickstart sends the prompt it is given")
          .hasSize(1);
      completed(started.get("quickstartDefault"));
      assertThat(session.simulator.tasksWithPrompt(ExampleModels.QUICKSTART_PROMPT))
          .as("and a sample without one")
          .hasSize(1);
      assertThat(((Map<?, ?>) quickstart.variables().get("generatedVideo")).get("estimate"))
          .as("5 s of 720p 16:9, estimated before paying")
          .asInstanceOf(MAP)
          .containsEntry("tokens", 108_000);
      ProcessOutcome overBudget =
          session.runtime.records().await(started.get("quickstartOverBudget"), TIMEOUT);
      assertThat(overBudget.state()).isEqualTo(ProcessOutcome.State.INCIDENT);
      assertThat(overBudget.incidents())
          .singleElement()
          .satisfies(
              incident ->
                  assertThat(incident.errorMessage())
                      .contains("SEEDANCE_OVER_BUDGET")
                      .contains("108,000 tokens")
                      .contains("budget.maxTokens 50,000")
                      .contains("720p 16:9 (1280x720) x 5 s"));
      assertThat(session.simulator.tasksWithPrompt("A kite too dear"))
          .as("over its budget, nothing reaches the provider")
          .isEmpty();

      ProcessOutcome chosen = completed(started.get("quickstartChosen"));
      assertThat(session.simulator.requests())
          .as("the variables that look like settings are what is sent")
          .filteredOn(
              request -> request.body() != null && request.body().contains("A kite, as chosen"))
          .singleElement()
          .satisfies(
              create ->
                  assertThat(create.body())
                      .contains("\"model\":\"dreamina-seedance-2-0-260128\"")
                      .contains("\"duration\":4")
                      .contains("\"resolution\":\"480p\"")
                      .contains("\"ratio\":\"9:16\""));
      assertThat(((Map<?, ?>) chosen.variables().get("generatedVideo")).get("estimate"))
          .asInstanceOf(MAP)
          .extractingByKey("basis")
          .asString()
          .startsWith("480p 9:16 (")
          .endsWith(" x 4 s");
      ProcessOutcome badRatio =
          session.runtime.records().await(started.get("quickstartBadRatio"), TIMEOUT);
      assertThat(badRatio.incidents())
          .singleElement()
          .satisfies(
              incident ->
                  assertThat(incident.errorMessage())
                      .contains("SEEDANCE_INVALID_INPUT")
                      .contains("video.aspectRatio")
                      .contains("'16:10'")
                      .contains("nothing was sent"));
      assertThat(session.simulator.requests())
          .as("a ratio no provider takes is refused before any request")
          .noneMatch(
              request -> request.body() != null && request.body().contains("A kite at 16:10"));

      ProcessOutcome image = completed(started.get("image"));
      assertThat(image.variables().get("generatedVideo"))
          .asInstanceOf(MAP)
          .containsEntry("status", "succeeded");
      assertThat(session.simulator.tasksWithPrompt("The shoe turns")).hasSize(1);

      ProcessOutcome notify = completed(started.get("notify"));
      Object taskId = ((Map<?, ?>) notify.variables().get("videoTask")).get("taskId");
      assertThat((String) notify.variables().get("teamNotice")).contains((String) taskId);
      assertThat(notify.variables().get("generatedVideo"))
          .asInstanceOf(MAP)
          .containsEntry("taskId", taskId);

      // The provider called the runtime's webhook; the event read the task, kept the video and
      // correlated it on its id.
      ProcessOutcome callback = completed(started.get("callback"));
      Object calledBackTask = ((Map<?, ?>) callback.variables().get("videoTask")).get("taskId");
      assertThat(callback.completedElements())
          .contains("create_task", "video_finished", "review_clip", "reviewed");
      assertThat(callback.variables().get("generatedVideo"))
          .asInstanceOf(MAP)
          .containsEntry("taskId", calledBackTask)
          .containsEntry("status", "succeeded")
          .extractingByKey("videoDocument")
          .asInstanceOf(MAP)
          .containsEntry("camunda.document.type", "camunda");
      assertThat(session.simulator.requests())
          .as("the create carried the event's address, signed for the create's element instance")
          .filteredOn(
              request -> request.body() != null && request.body().contains("A heron, called back"))
          .singleElement()
          .satisfies(
              create ->
                  assertThat(create.body())
                      .containsPattern(
                          "\"callback_url\":\""
                              + session.runtime.publicUrl()
                              + "/inbound/create-callback-await\\?token=[0-9]+\\.[A-Za-z0-9_-]{22}\""));
      assertThat(session.simulator.callbacks().finalsAcknowledged())
          .as("callbacks the runtime's webhook acknowledged")
          .isPositive();

      ProcessOutcome timer = completed(started.get("timer"));
      assertThat(timer.variables().get("videoStatus"))
          .asInstanceOf(MAP)
          .containsEntry("status", "succeeded");
      assertThat(timer.completedElements()).contains("wait", "read_task", "video_ready");
      assertThat(session.simulator.tasksWithPrompt("A lake at dawn")).hasSize(1);

      ProcessOutcome approval = completed(started.get("approval"));
      assertThat(approval.completedElements())
          .contains("price_clip", "review_clip", "count_revision", "publish", "published")
          .doesNotContain("approve_budget");
      assertThat(approval.variables()).containsEntry("revisionRound", 1);
      assertThat((String) approval.variables().get("clipPrompt"))
          .isEqualTo("A trail shoe in a stream. Revision: Closer on the sole, please");
      assertThat(approval.variables().get("publication"))
          .asInstanceOf(MAP)
          .containsKey("url")
          .extractingByKey("document")
          .asInstanceOf(MAP)
          .containsEntry("camunda.document.type", "camunda");

      ProcessOutcome overThreshold = completed(started.get("overThreshold"));
      assertThat(overThreshold.completedElements())
          .as("over the threshold a person approves the spend first")
          .contains("approve_budget", "generate_clip", "published");

      ProcessOutcome failedBrief = completed(started.get("failedBrief"));
      assertThat(failedBrief.completedElements())
          .as("the failed video went to 'Fix the brief', then on to publishing")
          .contains("video_failed", "fix_brief", "published");

      ProcessOutcome noBrief = completed(started.get("noBrief"));
      assertThat(noBrief.completedElements())
          .as("no brief is a visible path: named, then fixed by a person")
          .contains("name_the_gap", "fix_brief", "published");

      assertThat(FIXES)
          .as("the fixer's form receives the failure's code and message")
          .anySatisfy(
              error ->
                  assertThat(error)
                      .containsEntry("code", "SEEDANCE_TASK_FAILED")
                      .extractingByKey("message")
                      .asString()
                      .contains("OutputVideoSensitiveContentDetected"));
      assertThat(FIXES)
          .anySatisfy(error -> assertThat(error).containsEntry("code", "BRIEF_INCOMPLETE"));
    } finally {
      clock.close();
    }
  }

  private static long start(String file, Map<String, Object> variables) {
    long key = session.runtime.start(EXAMPLES.resolve(file), variables);
    people.watch(key);
    return key;
  }

  private static ProcessOutcome completed(long key) throws InterruptedException {
    ProcessOutcome outcome = session.runtime.records().await(key, TIMEOUT);
    assertThat(outcome.state())
        .as(outcome.incidents().toString())
        .isEqualTo(ProcessOutcome.State.COMPLETED);
    return outcome;
  }
}
