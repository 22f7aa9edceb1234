package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.error.FailurePolicy;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.util.List;
import java.util.function.Supplier;

/**
 * Maps our failures onto the connectors runtime's semantics. Every failure keeps its public code
 * (so an error expression can match {@code error.code}), and:
 *
 * <ul>
 *   <li>invalid input is a {@link ConnectorInputException}: an incident at once, no retry;
 *   <li>rate limits and provider trouble are retried with the job's retries, after {@link
 *       FailurePolicy#backoff};
 *   <li>everything else (an unknown submit outcome above all) is never retried: retrying cannot
 *       help, and a second create could be a second bill.
 * </ul>
 */
final class ConnectorFailures {
  private ConnectorFailures() {}

  static <T> T translate(Supplier<T> call) {
    try {
      return call.get();
    } catch (SeedanceException e) {
      throw toConnectorException(e);
    } catch (IllegalArgumentException e) {
      // A value the Modeler cannot produce but a hand-written variable can, such as an unknown
      // mode.
      throw toConnectorException(
          SeedanceException.invalidInput(List.of(new Problem("input", e.getMessage()))));
    }
  }

  static RuntimeException toConnectorException(SeedanceException e) {
    return switch (e.errorCode()) {
      // The runtime reads the code off the ConnectorException and gives no retries for an input
      // cause.
      case INVALID_INPUT ->
          new ConnectorException(
              e.code(), e.getMessage(), new ConnectorInputException(e.getMessage(), e));
      default ->
          FailurePolicy.retries(e)
              // No retry count: the runtime takes the job's retries minus one.
              ? ConnectorRetryException.builder()
                  .errorCode(e.code())
                  .message(e.getMessage())
                  .cause(e)
                  .backoffDuration(FailurePolicy.backoff(e))
                  .build()
              : ConnectorRetryException.builder()
                  .errorCode(e.code())
                  .message(e.getMessage())
                  .cause(e)
                  .retries(0)
                  .build();
    };
  }
}
