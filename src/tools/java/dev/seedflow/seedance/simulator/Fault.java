package dev.seedflow.seedance.simulator;

import java.time.Duration;

/** Trouble the simulator can inject, as real providers and gateways produce it. */
public sealed interface Fault {

  /** 429 with a Retry-After header; the request is not taken. */
  record RateLimited(Duration retryAfter) implements Fault {}

  /** A 5xx answer (500, 502, 503 or 504); the request is not taken. */
  record ServerError(int status) implements Fault {}

  /**
   * The request is taken (a create makes its task, and bills it), and then answered with this 5xx:
   * a gateway whose upstream call succeeded after the gateway's own timeout.
   */
  record TakenThenServerError(int status) implements Fault {}

  /** The connection is closed without an answer; the request is not taken. */
  record ResetConnection() implements Fault {}

  /**
   * The answer comes only after this delay (the request is taken); longer than the client's read
   * timeout, it hangs.
   */
  record SlowAnswer(Duration delay) implements Fault {}

  /** A 200 answer whose body is not JSON (the request is taken). */
  record MalformedBody() implements Fault {}

  /** A status read whose status word nobody documented. */
  record UnknownStatusWord(String word) implements Fault {}

  static Fault rateLimited(Duration retryAfter) {
    return new RateLimited(retryAfter);
  }

  static Fault serverError(int status) {
    return new ServerError(status);
  }

  static Fault takenThenServerError(int status) {
    return new TakenThenServerError(status);
  }

  static Fault resetConnection() {
    return new ResetConnection();
  }

  static Fault slowAnswer(Duration delay) {
    return new SlowAnswer(delay);
  }

  static Fault malformedBody() {
    return new MalformedBody();
  }

  static Fault unknownStatusWord(String word) {
    return new UnknownStatusWord(word);
  }
}
