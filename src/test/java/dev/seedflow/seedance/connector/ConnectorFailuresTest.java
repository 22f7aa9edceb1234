package dev.seedflow.seedance.connector;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How each public failure reaches the connectors runtime: its code always, and retries only where
 * they are safe.
 */
class ConnectorFailuresTest {

  @Test
  void invalidInputIsAnInputExceptionWithItsCode() {
    RuntimeException e =
        ConnectorFailures.toConnectorException(
            SeedanceException.invalidInput(List.of(new Problem("video.duration", "is wrong"))));
    assertThat(e).isExactlyInstanceOf(ConnectorException.class);
    assertThat(((ConnectorException) e).getErrorCode()).isEqualTo("SEEDANCE_INVALID_INPUT");
    assertThat(e.getCause())
        .as("the runtime gives no retries when the cause is an input exception")
        .isInstanceOf(ConnectorInputException.class);
    assertThat(e.getMessage()).contains("video.duration is wrong");
  }

  @Test
  void aRateLimitWaitsWhatTheProviderAskedWithTheJobsRetries() {
    ConnectorRetryException e =
        (ConnectorRetryException)
            ConnectorFailures.toConnectorException(
                SeedanceException.of(ErrorCode.RATE_LIMITED, "slow down")
                    .retryAfter(Duration.ofSeconds(45))
                    .build());
    assertThat(e.getErrorCode()).isEqualTo("SEEDANCE_RATE_LIMITED");
    assertThat(e.getRetries()).as("null: the runtime takes the job's retries minus one").isNull();
    assertThat(e.getBackoffDuration()).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void providerTroubleWithoutRetryAfterWaitsTheDefaultBackoff() {
    ConnectorRetryException e =
        (ConnectorRetryException)
            ConnectorFailures.toConnectorException(
                SeedanceException.of(ErrorCode.PROVIDER_UNAVAILABLE, "down")
                    .retryAfter(Duration.ofSeconds(1))
                    .build());
    assertThat(e.getRetries()).isNull();
    assertThat(e.getBackoffDuration())
        .isEqualTo(dev.seedflow.seedance.error.FailurePolicy.TRANSIENT_BACKOFF);
  }

  @ParameterizedTest
  @EnumSource(
      value = ErrorCode.class,
      names = {
        "AUTH",
        "FORBIDDEN",
        "NOT_FOUND",
        "SUBMIT_OUTCOME_UNKNOWN",
        "BAD_RESPONSE",
        "TASK_FAILED",
        "TASK_CANCELLED",
        "TASK_EXPIRED",
        "WAIT_TIMEOUT"
      })
  void everythingElseIsNeverRetriedAndKeepsItsCode(ErrorCode code) {
    ConnectorRetryException e =
        (ConnectorRetryException)
            ConnectorFailures.toConnectorException(
                SeedanceException.of(code, "it happened").build());
    assertThat(e.getRetries()).isZero();
    assertThat(e.getErrorCode()).isEqualTo(code.code());
    assertThat(e.getMessage()).startsWith(code.code() + ": it happened").contains(code.advice());
  }

  @Test
  void anImpossibleValueFromAHandWrittenVariableIsInvalidInput() {
    RuntimeException e =
        org.assertj.core.api.Assertions.catchRuntimeException(
            () ->
                ConnectorFailures.translate(
                    () -> dev.seedflow.seedance.request.Mode.fromWireName("sideways")));
    assertThat(((ConnectorException) e).getErrorCode()).isEqualTo("SEEDANCE_INVALID_INPUT");
    assertThat(e.getMessage()).contains("video.mode 'sideways' is not one of");
  }
}
