package dev.seedflow.seedance.simulator;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.util.unit.DataSize;

/**
 * How a simulated task will end, and when. Users steer it from the prompt, so a process can be
 * tested against every outcome without code:
 *
 * <ul>
 *   <li>{@code [sim:fail]} or {@code [sim:fail=OutputVideoSensitiveContentDetected]}: the task
 *       fails with that code;
 *   <li>{@code [sim:stuck]}: it stays running at 99 % forever;
 *   <li>{@code [sim:expire]}: it expires instead of finishing;
 *   <li>{@code [sim:novideo]}: it succeeds, and every answer about it holds no video URL
 *       (Replicate's {@code output} null, fal's {@code video.url} null, Ark's and the gateways'
 *       {@code video_url} null), as a broken host may;
 *   <li>{@code [sim:queue=30]}, {@code [sim:run=120]}: seconds queued and running (simulated time);
 *   <li>{@code [sim:size=200MB]}: the video is that large (the clip, then padding), streamed, never
 *       held: for tests of keeping a large video in a small heap.
 * </ul>
 *
 * @param videoBytes the size of the served video, or 0 for the clip as it is
 */
record TaskScript(
    Outcome outcome, String failureCode, Duration queueTime, Duration runTime, long videoBytes) {

  enum Outcome {
    SUCCEED,
    FAIL,
    STUCK,
    EXPIRE,
    SUCCEED_WITHOUT_VIDEO
  }

  private static final Pattern DIRECTIVE =
      Pattern.compile("\\[sim:(fail|stuck|expire|novideo|queue|run|size)(?:=([^\\]]+))?]");
  static final String DEFAULT_FAILURE_CODE = "OutputVideoSensitiveContentDetected";

  static TaskScript from(String prompt, Duration defaultQueue, Duration defaultRun) {
    Outcome outcome = Outcome.SUCCEED;
    String failureCode = null;
    Duration queue = defaultQueue;
    Duration run = defaultRun;
    long videoBytes = 0;
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
        case "novideo" -> outcome = Outcome.SUCCEED_WITHOUT_VIDEO;
        case "queue" -> queue = seconds(value, queue);
        case "run" -> run = seconds(value, run);
        case "size" -> videoBytes = value == null ? 0 : DataSize.parse(value).toBytes();
        default -> throw new IllegalStateException(m.group(1));
      }
    }
    return new TaskScript(outcome, failureCode, queue, run, videoBytes);
  }

  private static Duration seconds(String value, Duration fallback) {
    try {
      return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
    } catch (NumberFormatException | NullPointerException e) {
      return fallback;
    }
  }
}
