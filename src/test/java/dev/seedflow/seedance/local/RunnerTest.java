package dev.seedflow.seedance.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner's contract, as tools script against it: the last line is one JSON object, and the exit
 * code says how it ended.
 */
class RunnerTest {
  private static final ObjectMapper JSON = Json.mapper();
  private static SeedanceSimulator provider;

  /**
   * A provider of the test's own, so the test can count what reached it (as SEEDANCE_BASE_URL would
   * point at a real one).
   */
  @BeforeAll
  static void startProvider() {
    provider = SeedanceSimulator.start(SimulatorSettings.realistic().withTimeScale(10));
  }

  @AfterAll
  static void stopProvider() {
    provider.close();
  }

  private record Result(int exitCode, String out, String err) {
    JsonNode lastLine() throws IOException {
      String[] lines = out.strip().split("\n");
      return JSON.readTree(lines[lines.length - 1]);
    }
  }

  private static Result run(Map<String, String> environment, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new Runner(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                environment)
            .execute(args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /**
   * The built-in simulator, faster than the runner's default: the same flows, less of the build's
   * time.
   */
  private static final Map<String, String> FAST_SIMULATOR =
      Map.of(LocalSession.SIMULATOR_SPEED, "40");

  private static Map<String, String> atProvider() {
    return Map.of(
        "SECRET_SEEDANCE_BASE_URL",
        provider.baseUrl(),
        "SECRET_SEEDANCE_API_KEY",
        "sk-runner-test");
  }

  @Test
  void theQuickstartCompletes() throws IOException {
    Result result = run(FAST_SIMULATOR, "run", "bpmn-examples/quickstart-text-to-video.bpmn");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode line = result.lastLine();
    assertThat(line.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(line.get("processInstanceKey").asLong()).isPositive();
    assertThat(line.at("/variables/generatedVideo/videoUrl").asText()).contains("/media/");
    assertThat(line.get("incidents")).isEmpty();
    // The video was kept as a document whose size is the served file's, and the runner names the
    // file it was written to.
    assertThat(line.at("/variables/generatedVideo/videoDocument/metadata/size").asLong())
        .isEqualTo(SeedanceSimulator.servedVideo().length);
    Path kept =
        Path.of(
            result
                .err()
                .lines()
                .filter(l -> l.startsWith("seedance: kept "))
                .findFirst()
                .orElseThrow()
                .substring("seedance: kept ".length()));
    assertThat(Files.readAllBytes(kept)).isEqualTo(SeedanceSimulator.servedVideo());
  }

  /**
   * The AI Agent example, as the README runs it: the scripted agent prices the video, makes it and
   * finishes, says loudly that it is a script, and the instance completes with the video among its
   * variables: the generate tool's compact answer, never the whole task.
   */
  @Test
  void theAgentExampleCompletesWithAVideoAndSaysItsAgentIsAScript() throws IOException {
    Result result =
        run(
            FAST_SIMULATOR,
            "run",
            "bpmn-examples/agent-campaign.bpmn",
            "--variables",
            "{\"goal\": \"A 5 second teaser of a trail shoe splashing through a stream\"}");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains("the AI Agent here is a SCRIPT (price-then-generate), not a model")
        .contains("agent (script) calls price_video {prompt=A 5 second teaser")
        .contains("agent (script) calls generate_video {prompt=A 5 second teaser")
        .contains("agent (script) answers: Made the teaser: http://127.0.0.1:")
        .doesNotContain("#innerInstance");
    JsonNode answer = result.lastLine().at("/variables/toolCallResults/0");
    assertThat(answer.path("name").asText()).isEqualTo("generate_video");
    assertThat(answer.at("/content/videoUrl").asText()).contains("/media/");
    assertThat(answer.at("/content/videoDocument/metadata/size").asLong())
        .isEqualTo(SeedanceSimulator.servedVideo().length);
    assertThat(answer.at("/content/tokens").asLong()).isEqualTo(108_000);
    assertThat(answer.path("content").has("status"))
        .as("compact: the task itself is not the answer")
        .isFalse();
    assertThat(result.lastLine().at("/variables/agent/responseText").asText())
        .startsWith("Made the teaser: ");
  }

  /**
   * The second script makes the video again and again: the process's budget (250,000 tokens, two
   * 5-second 720p videos) refuses the third, and the agent reads the refusal as its tool's answer
   * and stops. No incident.
   */
  @Test
  void theAgentThatGeneratesAgainAndAgainIsStoppedByTheProcessBudget() throws IOException {
    Result result =
        run(
            FAST_SIMULATOR,
            "run",
            "bpmn-examples/agent-campaign.bpmn",
            "--variables",
            "{\"goal\": \"A teaser\", \"agentScript\": \"generate-until-refused\"}");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err().lines().filter(l -> l.contains("agent (script) calls generate_video")))
        .hasSize(3);
    assertThat(result.lastLine().at("/variables/agent/responseText").asText())
        .startsWith(
            "Stopped: the budget refused a video. SEEDANCE_OVER_BUDGET: this video would"
                + " cost 108,000 tokens")
        .contains("already reserved 216,000 tokens of its budget.maxTokensPerProcess 250,000");
    assertThat(result.lastLine().get("incidents")).isEmpty();
  }

  /**
   * SaaS takes at most 10 MB per upload, and so does this local run: a 12 MB video raises
   * SEEDANCE_STORE_FAILED by default, and completes with its URL and storeWarning where the
   * designer chose store.onTooLarge = continue.
   */
  @Test
  void aVideoOverTheStoresUploadLimitIsAnIncidentOrAWarningAsTheDesignerChose(@TempDir Path folder)
      throws IOException {
    Map<String, String> saas =
        Map.of(LocalSession.SIMULATOR_SPEED, "40", "SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE", "10485760");
    String big = "{\"prompt\": \"A long 1080p clip [sim:size=12MB]\"}";
    Path quickstart = Path.of("bpmn-examples/quickstart-text-to-video.bpmn");

    Result refused = run(saas, "run", quickstart.toString(), "--variables", big);
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
    assertThat(refused.lastLine().at("/incidents/0/errorMessage").asText())
        .contains("SEEDANCE_STORE_FAILED")
        .contains("the document store refused it as too large (HTTP 413")
        .contains("until about 24 hours after the task ended")
        .contains("set store.onTooLarge to continue");

    Path goOn = folder.resolve("go-on.bpmn");
    String model = Files.readString(quickstart);
    assertThat(model).contains("source=\"incident\" target=\"store.onTooLarge\"");
    Files.writeString(
        goOn,
        model.replace(
            "source=\"incident\" target=\"store.onTooLarge\"",
            "source=\"continue\" target=\"store.onTooLarge\""));
    Result warned = run(saas, "run", goOn.toString(), "--variables", big);
    assertThat(warned.exitCode()).as(warned.err()).isZero();
    JsonNode video = warned.lastLine().at("/variables/generatedVideo");
    assertThat(video.path("videoUrl").asText()).contains("/media/");
    assertThat(video.path("videoDocument").isNull() || video.path("videoDocument").isMissingNode())
        .as("no document")
        .isTrue();
    assertThat(video.path("storeWarning").asText())
        .contains("the video was not kept as a document")
        .contains("HTTP 413")
        .contains("12582912 bytes, over this store's upload limit of 10485760 bytes")
        .contains("about 24 hours");
  }

  @Test
  void anInvalidDurationIsAnIncidentWithNoRequestToTheProvider() throws IOException {
    int before = provider.requests().size();
    Result result =
        run(
            atProvider(),
            "run",
            "bpmn-examples/quickstart-text-to-video.bpmn",
            "--timeout",
            "PT60S",
            "--variables",
            "{\"duration\": 30}");
    assertThat(result.exitCode()).isEqualTo(1);
    JsonNode line = result.lastLine();
    assertThat(line.get("state").asText()).isEqualTo("INCIDENT");
    JsonNode incident = line.get("incidents").get(0);
    assertThat(incident.get("elementId").asText()).isEqualTo("generate_video");
    assertThat(incident.get("errorMessage").asText())
        .contains("SEEDANCE_INVALID_INPUT")
        .contains("video.duration");
    assertThat(incident.has("errorType")).isTrue();
    assertThat(provider.requests()).hasSize(before);
  }

  /**
   * A mock provider on this machine (here the simulator, started by the test, as a team would start
   * WireMock) answers with loopback http:// video URLs. The runner keeps every rule of production
   * for them until SEEDFLOW_LOCAL_PROVIDER=true says the provider is a mock, and then says so once.
   */
  @Test
  void aMockProvidersLoopbackVideoIsTakenOnlyWhenTheRunnerIsToldItIsAMock() throws IOException {
    Result refused =
        run(
            atProvider(),
            "run",
            "bpmn-examples/quickstart-text-to-video.bpmn",
            "--timeout",
            "PT60S");
    assertThat(refused.exitCode()).as(refused.err()).isEqualTo(1);
    assertThat(refused.lastLine().at("/incidents/0/errorMessage").asText())
        .contains("SEEDANCE_BAD_RESPONSE")
        .contains("video URL '" + provider.baseUrl())
        .contains("is refused and was not followed: it must use https://")
        .contains("set SEEDFLOW_LOCAL_PROVIDER=true")
        .doesNotContain("not a Seedance task");

    Map<String, String> mock = new HashMap<>(atProvider());
    mock.put("SEEDFLOW_LOCAL_PROVIDER", "true");
    Result taken =
        run(mock, "run", "bpmn-examples/quickstart-text-to-video.bpmn", "--timeout", "PT60S");
    assertThat(taken.exitCode()).as(taken.err()).isZero();
    assertThat(taken.lastLine().at("/variables/generatedVideo/videoUrl").asText())
        .startsWith(provider.baseUrl());
    assertThat(taken.err().lines().filter(line -> line.contains("SEEDFLOW_LOCAL_PROVIDER")))
        .singleElement()
        .asString()
        .startsWith(
            "seedance: WARN SEEDFLOW_LOCAL_PROVIDER=true: the provider at " + provider.baseUrl())
        .contains("never set it for a real provider");

    mock.put("SEEDFLOW_LOCAL_PROVIDER", "yes");
    Result wrong = run(mock, "run", "bpmn-examples/quickstart-text-to-video.bpmn");
    assertThat(wrong.exitCode()).isEqualTo(3);
    assertThat(wrong.err()).contains("SEEDFLOW_LOCAL_PROVIDER must be true or false, got 'yes'");
  }

  @Test
  void aFlowThatWaitsForPeopleTimesOut() throws IOException {
    Result result =
        run(
            atProvider(),
            "run",
            "bpmn-examples/marketing-approval.bpmn",
            "--timeout",
            "PT2S",
            "--variables",
            "{\"brief\": {\"productImage\": \"https://e.com/p.png\", \"prompt\": \"A shoe\"}}");
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.lastLine().get("state").asText()).isEqualTo("TIMEOUT");
    assertThat(result.lastLine().at("/variables/brief/prompt").asText()).isEqualTo("A shoe");
  }

  @Test
  void usageErrorsExitWithThreeAndSayWhatIsWrong(@TempDir Path folder) throws IOException {
    assertThat(run(Map.of(), "run"))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(3);
              assertThat(r.err()).contains("give the BPMN file");
            });
    assertThat(run(Map.of(), "run", "no-such-file.bpmn").err())
        .contains("there is no file no-such-file.bpmn");
    assertThat(
            run(
                Map.of(),
                "run",
                "bpmn-examples/quickstart-text-to-video.bpmn",
                "--timeout",
                "soon"))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(3);
              assertThat(r.err()).contains("--timeout must be a positive ISO-8601 duration");
            });
    assertThat(
            run(
                    Map.of(),
                    "run",
                    "bpmn-examples/quickstart-text-to-video.bpmn",
                    "--variables",
                    "[1,2]")
                .err())
        .contains("--variables must be a JSON object");
    assertThat(
            run(Map.of(), "run", "bpmn-examples/quickstart-text-to-video.bpmn", "--colour").err())
        .contains("unknown option --colour");
    Path broken = folder.resolve("broken.bpmn");
    Files.writeString(broken, "<definitions>not bpmn");
    assertThat(run(Map.of(), "run", broken.toString()))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(3);
              assertThat(r.err()).contains("is not a valid BPMN model");
            });
    Path notExecutable = folder.resolve("not-executable.bpmn");
    Files.writeString(
        notExecutable,
        Bpmn.convertToString(Bpmn.createProcess("p").executable().startEvent().done())
            .replace("isExecutable=\"true\"", "isExecutable=\"false\""));
    assertThat(run(Map.of(), "run", notExecutable.toString()).err())
        .contains("has no executable process");
    assertThat(run(Map.of(), "dance").exitCode()).isEqualTo(3);
    assertThat(
            run(
                Map.of(LocalSession.SIMULATOR_SPEED, "fast"),
                "run",
                "bpmn-examples/quickstart-text-to-video.bpmn"))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(3);
              assertThat(r.err())
                  .contains("SEEDFLOW_SIMULATOR_SPEED must be a number from 1 to 1000")
                  .contains("'fast'");
            });
    assertThat(
            run(
                Map.of("SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE", "ten"),
                "run",
                "bpmn-examples/quickstart-text-to-video.bpmn"))
        .satisfies(
            r -> {
              assertThat(r.exitCode()).isEqualTo(3);
              assertThat(r.err())
                  .contains("SEEDFLOW_LOCAL_MAX_DOCUMENT_SIZE must be a size in bytes");
            });
  }

  /**
   * A worker setting the local runtime cannot bind is one usage line, and the runner ends: before,
   * Spring's twenty-line report came, and the runner never exited. Run as its own process, since
   * Spring reads such settings from the real environment.
   */
  @Test
  void aSettingTheRuntimeCannotBindIsOneUsageLineAndTheRunnerEnds(@TempDir Path folder)
      throws Exception {
    Path log = folder.resolve("runner.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Runner.class.getName(),
                "run",
                "bpmn-examples/quickstart-text-to-video.bpmn")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().put("SEEDFLOW_WORKER_JOB_TIMEOUT", "soon");
    Process runner = builder.start();
    try {
      assertThat(runner.waitFor(120, TimeUnit.SECONDS)).as("the runner ends").isTrue();
    } finally {
      runner.destroyForcibly();
    }
    assertThat(runner.exitValue()).isEqualTo(3);
    assertThat(
            Files.readAllLines(log).stream()
                .filter(line -> !line.startsWith("WARNING: "))) // the JVM's own, on Unsafe
        .containsExactly(
            "seedance: SEEDFLOW_WORKER_JOB_TIMEOUT is 'soon', but it must be a duration, such as"
                + " PT30S or 30s.");
  }

  /**
   * While the provider cannot be reached, each failed attempt is said as it happens, where the
   * runner used to say only "waiting at Generate video" until the incident. Two tries, so one line.
   */
  @Test
  void eachFailedAttemptIsSaidAsItHappens(@TempDir Path folder) throws Exception {
    Path twoTries = folder.resolve("quickstart-text-to-video.bpmn");
    Files.writeString(
        twoTries,
        Files.readString(Path.of("bpmn-examples/quickstart-text-to-video.bpmn"))
            .replace("retries=\"3\"", "retries=\"2\""));
    int closed;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    Result result =
        run(
            Map.of(
                "SECRET_SEEDANCE_BASE_URL",
                "http://127.0.0.1:" + closed,
                "SECRET_SEEDANCE_API_KEY",
                "sk-runner-test",
                LocalSession.LOCAL_PROVIDER,
                "true"),
            "run",
            twoTries.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err().lines().filter(line -> line.contains(" failed, tried again ")))
        .containsExactly(
            "seedance: Generate video failed, tried again in 10 s (1 retry left):"
                + " SEEDANCE_PROVIDER_UNAVAILABLE: could not connect to the provider at 127.0.0.1:"
                + closed
                + ".");
  }

  /**
   * An invalid input is said in the words of the person who runs the model: the mode as the Modeler
   * names it, and the process variable each named field comes from in this model.
   */
  @Test
  void anInvalidInputNamesTheModeAsTheModelerDoesAndTheVariableItComesFrom() throws IOException {
    Result result = run(FAST_SIMULATOR, "run", "bpmn-examples/image-to-video.bpmn");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.lastLine().path("incidents").get(0).path("errorMessage").asText())
        .contains(
            "video.firstFrame is required to make a 'Video between a first and a last frame'"
                + " (first-last-frame)");
    assertThat(result.err())
        .contains(
            "seedance: video.firstFrame is the process variable firstFrameUrl here (its input"
                + " mapping: =firstFrameUrl)")
        .contains("seedance: video.lastFrame is the process variable lastFrameUrl here");
  }

  @Test
  void theDemoEndsWithThePathOfTheKeptVideo() throws IOException {
    Result result = run(FAST_SIMULATOR, "demo", "bpmn-examples/marketing-approval.bpmn");
    assertThat(result.exitCode()).as(result.out()).isZero();
    assertThat(result.out())
        .contains("revision asked: \"" + Demo.FEEDBACK + "\"")
        .contains(": approved")
        .contains("Published: " + Path.of("target/seedflow-documents").toAbsolutePath())
        .contains("2 s, 320x180 test pattern")
        .contains("Timeline")
        .contains("2 video tasks made");
    String lastLine =
        result.out().strip().lines().reduce((first, second) -> second).orElseThrow().strip();
    assertThat(lastLine).startsWith("video ").endsWith(".mp4");
    Path video = Path.of(lastLine.substring("video ".length()).strip());
    assertThat(video).exists();
    assertThat(Files.readAllBytes(video)).isEqualTo(SeedanceSimulator.servedVideo());
    assertThat(result.out())
        .contains("Approve the budget")
        .contains("Prompt:")
        .contains(Demo.FEEDBACK)
        .contains("estimated before paying");
  }

  @Test
  void untilWaitingEndsAtTheFirstPersonAndSaysWhereProgressIsToldOncePerChange()
      throws IOException {
    long began = System.nanoTime();
    Result result =
        run(
            FAST_SIMULATOR,
            "run",
            "bpmn-examples/marketing-approval.bpmn",
            "--until-waiting",
            "--variables",
            "{\"brief\": {\"prompt\": \"A trail shoe in a stream\", \"productImage\": \""
                + ExampleModels.PRODUCT_IMAGE
                + "\"}}");
    Duration took = Duration.ofNanos(System.nanoTime() - began);
    assertThat(result.exitCode()).as(result.err()).isEqualTo(4);
    assertThat(took)
        .as("ends when only a person can go on, not at the 10-minute timeout")
        .isLessThan(Duration.ofMinutes(1));
    JsonNode line = result.lastLine();
    assertThat(line.get("state").asText()).isEqualTo("WAITING");
    assertThat(line.at("/variables/generatedVideo/videoDocument/documentId").asText())
        .as("the clip was made first")
        .isNotEmpty();
    assertThat(line.get("waitingAt")).hasSize(1);
    assertThat(line.at("/waitingAt/0/elementId").asText()).isEqualTo("review_clip");
    assertThat(line.at("/waitingAt/0/name").asText()).isEqualTo("Review the clip");
    List<String> said =
        result.err().lines().filter(l -> l.startsWith("seedance: waiting at")).toList();
    assertThat(said)
        .contains("seedance: waiting at Review the clip")
        .anyMatch(l -> l.startsWith("seedance: waiting at Generate product clip"));
    for (int i = 1; i < said.size(); i++)
      assertThat(said.get(i)).as("no line repeats the one before").isNotEqualTo(said.get(i - 1));
  }

  @Test
  void theTimeoutDefaultIsTenMinutes() throws Exception {
    assertThat(
            RunnerOptions.parse(new String[] {"bpmn-examples/quickstart-text-to-video.bpmn"})
                .timeout())
        .isEqualTo(Duration.ofMinutes(10));
  }
}
