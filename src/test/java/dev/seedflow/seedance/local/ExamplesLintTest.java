package dev.seedflow.seedance.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.json.Json;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples pass the Camunda Modeler's own lint for 8.8: bpmnlint's recommended rules and
 * camunda-compat's camunda-cloud-8-8, with the zeebe moddle, run by node from src/test/lint
 * (installed by {@code ./seedance test}).
 */
class ExamplesLintTest {
  private static final Path LINT = Path.of("src/test/lint");

  @BeforeAll
  static void needsTheLinter() {
    String missing =
        !Files.isDirectory(LINT.resolve("node_modules/bpmnlint-plugin-camunda-compat"))
            ? "the lint packages are not installed in "
                + LINT
                + " (./seedance test installs them with npm ci)"
            : null;
    if (missing != null && "true".equals(System.getenv("SEEDFLOW_REQUIRE_MODELER")))
      fail(missing + " (SEEDFLOW_REQUIRE_MODELER=true)");
    Assumptions.assumeTrue(missing == null, missing);
  }

  private static Map<String, List<String>> lint(List<Path> files)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("node", LINT.resolve("lint.js").toString()));
    files.forEach(file -> command.add(file.toString()));
    Process node =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.waitFor()).as("the linter ran").isZero();
    Map<String, List<String>> problems = new TreeMap<>();
    Json.mapper()
        .readTree(out)
        .properties()
        .forEach(
            file -> {
              List<String> found = new ArrayList<>();
              for (JsonNode problem : file.getValue()) {
                found.add(
                    problem.get("category").asText()
                        + " "
                        + problem.get("rule").asText()
                        + " at "
                        + problem.get("id").asText()
                        + ": "
                        + problem.get("message").asText());
              }
              problems.put(file.getKey(), found);
            });
    return problems;
  }

  @Test
  void everyExamplePassesTheModelersLintWithNoProblem() throws Exception {
    List<Path> examples;
    try (Stream<Path> files = Files.list(Path.of("bpmn-examples"))) {
      examples = files.filter(file -> file.toString().endsWith(".bpmn")).sorted().toList();
    }
    Map<String, List<String>> problems = lint(examples);
    assertThat(problems)
        .hasSize(examples.size())
        .allSatisfy((file, found) -> assertThat(found).as(file).isEmpty());
  }

  /**
   * The linter is alive: a job-worker user task and unlabelled gateway flows are found, as the
   * Modeler finds them.
   */
  @Test
  void itFindsWhatTheModelerFinds(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("careless.bpmn");
    Files.writeString(
        file,
        Bpmn.convertToString(
            Bpmn.createExecutableProcess("careless")
                .startEvent("start")
                .name("Start")
                .userTask("review")
                .name("Review")
                .exclusiveGateway("ok")
                .name("OK?")
                .conditionExpression("approved")
                .endEvent("yes")
                .name("Yes")
                .moveToNode("ok")
                .conditionExpression("not(approved)")
                .endEvent("no")
                .name("No")
                .done()));
    List<String> found = lint(List.of(file)).get(file.toString());
    assertThat(found)
        .anyMatch(p -> p.contains("label-required"))
        .anyMatch(p -> p.contains("camunda-compat/zeebe-user-task at review"));
  }
}
