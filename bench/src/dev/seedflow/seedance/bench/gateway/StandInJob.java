package dev.seedflow.seedance.bench.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One job of the stand-in gateway: its state as Zeebe keeps it, how often it went out, and the
 * variables noted on its element instance (the task id among them). Guarded by the gateway.
 */
final class StandInJob {
  /** Zeebe's job states, as far as a job worker can move them. */
  enum State {
    ACTIVATABLE,
    ACTIVATED,
    COMPLETED,
    FAILED,
    ERROR_THROWN
  }

  final int index;
  State state = State.ACTIVATABLE;
  int retries;

  /**
   * While activated: when the job times out; while activatable after a failure: when its backoff
   * ends.
   */
  long deadlineMillis;

  int activations;

  /**
   * Local variables set on the job's element instance (intent, task id, progress): the job sees
   * them when it comes back.
   */
  final Map<String, JsonNode> elementVariables = new LinkedHashMap<>(4);

  StandInJob(int index, int retries) {
    this.index = index;
    this.retries = retries;
  }

  /** Still owed to the process: Zeebe lets a worker complete or fail it. */
  boolean open() {
    return state == State.ACTIVATABLE || state == State.ACTIVATED;
  }
}
