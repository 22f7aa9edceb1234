package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import io.camunda.connector.api.error.ConnectorException;
import io.camunda.connector.api.error.ConnectorInputException;
import io.camunda.connector.api.error.ConnectorRetryException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * Maps our failures onto the connectors runtime's semantics. Every failure keeps its public code (so an error
 * expression can match {@code error.code}), and:
 * <ul>
 *   <li>invalid input is a {@link ConnectorInputException}: an incident at once, no retry;
 *   <li>rate limits and provider trouble are retried with the job's retries, waiting what Retry-After asks (at
 *       least {@link #TRANSIENT_BACKOFF});
 *   <li>everything else (an unknown submit outcome above all) is never retried: retrying cannot help, and a second
 *       create could be a second bill.
 * </ul>
 */
final class ConnectorFailures {
  /**
   * The client has already retried within the call, so a job-level retry waits at least this long (or what the
   * provider's Retry-After asked, when that is longer) instead of the template's default of no wait.
   */
  static final Duration TRANSIENT_BACKOFF = Duration.ofSeconds(10);

  private ConnectorFailures() {}

  static <T> T translate(Supplier<T> call) {
    try {
      return call.get();
    } catch (SeedanceException e) {
      throw toConnectorException(e);
    } catch (IllegalArgumentException e) {
      // A value the Modeler cannot produce but a hand-written variable can, such as an unknown mode.
      throw toConnectorException(SeedanceException.invalidInput(List.of(new Problem("input", e.getMessage()))));
    }
  }

  static RuntimeException toConnectorException(SeedanceException e) {
    return switch (e.errorCode()) {
      // The runtime reads the code off the ConnectorException and gives no retries for an input cause.
      case INVALID_INPUT -> new ConnectorException(e.code(), e.getMessage(), new ConnectorInputException(e.getMessage(), e));
      case RATE_LIMITED, PROVIDER_UNAVAILABLE -> ConnectorRetryException.builder()
          .errorCode(e.code())
          .message(e.getMessage())
          .cause(e)
          .backoffDuration(e.retryAfter().filter(wait -> wait.compareTo(TRANSIENT_BACKOFF) > 0).orElse(TRANSIENT_BACKOFF))
          .build();
      default -> ConnectorRetryException.builder().errorCode(e.code()).message(e.getMessage()).cause(e).retries(0).build();
    };
  }
}
