package dev.seedflow.seedance.local;

import java.util.List;
import java.util.Map;

/**
 * How one process instance stands: its state, root variables and open incidents (the runner's last output line),
 * and which elements have completed, so a test can see which path ran.
 */
public record ProcessOutcome(State state, long processInstanceKey, Map<String, Object> variables, List<Incident> incidents,
    List<String> completedElements) {

  public enum State { RUNNING, COMPLETED, INCIDENT, TIMEOUT }

  public record Incident(String elementId, String errorType, String errorMessage) {}

  public ProcessOutcome withState(State newState) {
    return new ProcessOutcome(newState, processInstanceKey, variables, incidents, completedElements);
  }
}
