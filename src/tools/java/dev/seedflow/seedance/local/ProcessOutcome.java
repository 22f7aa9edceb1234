package dev.seedflow.seedance.local;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How one process instance stands: its state, root variables and open incidents (the runner's last
 * output line), which elements have completed, so a test can see which path ran, and where it waits
 * now.
 *
 * @param waitingAt the elements active now (tasks, catch events), in the order they began
 * @param progress the latest {@code seedanceProgress} a worker published on an element that is
 *     active now, or null
 * @param failedAttempts every attempt of its jobs that failed with retries left, in the order they
 *     failed
 */
public record ProcessOutcome(
    State state,
    long processInstanceKey,
    Map<String, Object> variables,
    List<Incident> incidents,
    List<String> completedElements,
    List<String> waitingAt,
    Object progress,
    List<FailedAttempt> failedAttempts) {

  /**
   * WAITING: only user tasks are active, so nothing moves without a person ({@code
   * --until-waiting}).
   */
  public enum State {
    RUNNING,
    COMPLETED,
    INCIDENT,
    TIMEOUT,
    WAITING
  }

  public record Incident(String elementId, String errorType, String errorMessage) {}

  /** A job that failed with retries left: the engine tries it again. */
  public record FailedAttempt(
      long position, String elementId, int retriesLeft, Duration backoff, String message) {}

  public ProcessOutcome withState(State newState) {
    return new ProcessOutcome(
        newState,
        processInstanceKey,
        variables,
        incidents,
        completedElements,
        waitingAt,
        progress,
        failedAttempts);
  }
}
