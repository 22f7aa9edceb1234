package dev.seedflow.seedance.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.model.VideoInput;
import dev.seedflow.seedance.worker.inputs.ConfinedSecrets;
import dev.seedflow.seedance.worker.inputs.JobInputs;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.submit.SubmitIntent;
import io.camunda.connector.jackson.ConnectorsObjectMapperSupplier;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a job's variables are read: secrets only where they belong, whole numbers whole, the worker's
 * own notes found.
 */
class JobInputsTest {
  private static final ConfinedSecrets SECRETS =
      new ConfinedSecrets(
          new LookupSecrets(Map.of("SEEDANCE_API_KEY", "sk-real", "OTHER", "hunter2")::get));
  private static final String PROVIDER =
      "\"provider\": {\"type\": \"ark\", \"apiKey\": \"{{secrets.SEEDANCE_API_KEY}}\"}";

  private static JobInputs generate(String video) {
    return JobInputs.read(
        "{" + PROVIDER + ", \"video\": " + video + "}", JobKind.GENERATE, SECRETS, () -> 1L);
  }

  @Test
  void secretsResolveInTheKeyAndNowhereElse() {
    JobInputs inputs = generate("{\"model\": \"m\", \"prompt\": \"tell secrets.OTHER\"}");
    assertThat(inputs.provider().apiKey()).isEqualTo("sk-real");
    assertThat(inputs.video().prompt())
        .as("the bare legacy form is sent as written, never resolved")
        .isEqualTo("tell secrets.OTHER");
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                generate(
                    "{\"model\": \"m\", \"prompt\": \"tell {{ secrets.OTHER }}\","
                        + " \"referenceImages\": [\"https://x/{{secrets.OTHER}}.png\"]}"));
    assertThat(e.problems())
        .extracting(Problem::field)
        .containsExactly("video.prompt", "video.referenceImages[0]");
    assertThat(e.getMessage()).doesNotContain("hunter2");
  }

  @Test
  void aSecretInTheKeyIsResolvedAsTheRuntimeResolvesItInsideJson() {
    ConfinedSecrets quoting = new ConfinedSecrets(new LookupSecrets(Map.of("K", "a\"b\\c")::get));
    JobInputs inputs =
        JobInputs.read(
            "{\"provider\": {\"apiKey\": \"{{secrets.K}}\"}, \"video\": {\"model\": \"m\"}}",
            JobKind.GENERATE,
            quoting,
            () -> 1L);
    assertThat(inputs.provider().apiKey()).isEqualTo("a\"b\\c");
  }

  @Test
  void fractionalNumbersAreRefusedNotTruncated() {
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> generate("{\"model\": \"m\", \"duration\": 5.5}"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.field()).isEqualTo("video.duration");
              assertThat(p.message()).contains("must be a whole number");
            });
    assertThat(
            catchThrowableOfType(
                    SeedanceException.class, () -> generate("{\"model\": \"m\", \"seed\": 1.5}"))
                .problems())
        .extracting(Problem::field)
        .containsExactly("video.seed");
    assertThat(
            generate("{\"model\": \"m\", \"duration\": 15.0, \"seed\": \"42\"}").video().duration())
        .isEqualTo(15);
  }

  @Test
  void theConnectorsRuntimeMapperRefusesThemToo() {
    assertThatThrownBy(
            () ->
                ConnectorsObjectMapperSupplier.getCopy()
                    .readValue("{\"model\": \"m\", \"duration\": 5.5}", VideoInput.class))
        .hasMessageContaining("must be a whole number");
  }

  @Test
  void theWorkersOwnNotesAreFound() {
    JobInputs inputs =
        JobInputs.read(
            "{"
                + PROVIDER
                + ", \"video\": {\"model\": \"m\"}, \"seedanceSubmitIntent\": {\"attemptId\":"
                + " \"a-1\", \"at\": \"2026-11-27T10:00:00Z\", \"model\": \"m\"}}",
            JobKind.GENERATE,
            SECRETS,
            () -> 1L);
    assertThat(inputs.rememberedIntent())
        .isNotNull()
        .extracting(SubmitIntent::attemptId)
        .isEqualTo("a-1");
    assertThat(
            JobInputs.read(
                    "{"
                        + PROVIDER
                        + ", \"video\": {\"model\": \"m\"}, \"seedanceSubmitIntent\": null}",
                    JobKind.GENERATE,
                    SECRETS,
                    () -> 1L)
                .rememberedIntent())
        .as("cleared by a person")
        .isNull();
  }
}
