package dev.seedflow.seedance.simulator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a simulated task will end, and when. Users steer it from the prompt, so a process can be tested against
 * every outcome without code:
 * <ul>
 *   <li>{@code [sim:fail]} or {@code [sim:fail=OutputVideoSensitiveContentDetected]}: the task fails with that code;
 *   <li>{@code [sim:stuck]}: it stays running at 99 % forever;
 *   <li>{@code [sim:expire]}: it expires instead of finishing;
 *   <li>{@code [sim:queue=30]}, {@code [sim:run=120]}: seconds queued and running (simulated time).
 * </ul>
 */
record TaskScript(Outcome outcome, String failureCode, Duration queueTime, Duration runTime) {

  enum Outcome { SUCCEED, FAIL, STUCK, EXPIRE }

  private static final Pattern DIRECTIVE = Pattern.compile("\\[sim:(fail|stuck|expire|queue|run)(?:=([^\\]]+))?]");
  static final String DEFAULT_FAILURE_CODE = "OutputVideoSensitiveContentDetected";

  static TaskScript from(String prompt, Duration defaultQueue, Duration defaultRun) {
    Outcome outcome = Outcome.SUCCEED;
    String failureCode = null;
    Duration queue = defaultQueue;
    Duration run = defaultRun;
    Matcher m = DIRECTIVE.matcher(prompt == null ? "" : prompt);
    while (m.find()) {
      String value = m.group(2) == null ? null : m.group(2).trim();
      switch (m.group(1)) {
        case "fail" -> {
          outcome = Outcome.FAIL;
          failureCode = value == null ? DEFAULT_FAILURE_CODE : value;
        }
        case "stuck" -> outcome = Outcome.STUCK;
        case "expire" -> outcome = Outcome.EXPIRE;
        case "queue" -> queue = seconds(value, queue);
        case "run" -> run = seconds(value, run);
        default -> throw new IllegalStateException(m.group(1));
      }
    }
    return new TaskScript(outcome, failureCode, queue, run);
  }

  private static Duration seconds(String value, Duration fallback) {
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    } catch (NumberFormatException | NullPointerException e) {
      return fallback;
    }
  }
}
