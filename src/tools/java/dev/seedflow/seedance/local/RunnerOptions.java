package dev.seedflow.seedance.local;

import dev.seedflow.seedance.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The arguments of {@code ./seedance run FILE.bpmn [--variables JSON] [--timeout ISO-DURATION]
 * [--until-waiting]}.
 *
 * @param untilWaiting end as soon as only user tasks are active, since then nothing moves without a
 *     person
 */
record RunnerOptions(
    Path file, Map<String, Object> variables, Duration timeout, boolean untilWaiting) {
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

  /** Thrown for arguments that cannot work; the runner prints the message and exits with 3. */
  static final class UsageException extends Exception {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }

  static RunnerOptions parse(String[] args) throws UsageException {
    Path file = null;
    Map<String, Object> variables = Map.of();
    Duration timeout = DEFAULT_TIMEOUT;
    boolean untilWaiting = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--variables" -> variables = variables(value(args, ++i, "--variables"));
        case "--timeout" -> timeout = timeout(value(args, ++i, "--timeout"));
        case "--until-waiting" -> untilWaiting = true;
        default -> {
          if (args[i].startsWith("--"))
            throw new UsageException(
                "unknown option "
                    + args[i]
                    + "; the options are --variables JSON, --timeout ISO-DURATION and"
                    + " --until-waiting");
          if (file != null)
            throw new UsageException(
                "give one BPMN file, not '" + file + "' and '" + args[i] + "'");
          file = Path.of(args[i]);
        }
      }
    }
    if (file == null)
      throw new UsageException(
          "give the BPMN file to run, for example: ./seedance run"
              + " bpmn-examples/quickstart-text-to-video.bpmn");
    if (!Files.isRegularFile(file)) throw new UsageException("there is no file " + file);
    return new RunnerOptions(file, variables, timeout, untilWaiting);
  }

  private static String value(String[] args, int index, String option) throws UsageException {
    if (index >= args.length) throw new UsageException(option + " needs a value");
    return args[index];
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> variables(String json) throws UsageException {
    try {
      Object value = Json.mapper().readValue(json, Object.class);
      if (value instanceof Map<?, ?> map) return (Map<String, Object>) map;
    } catch (IOException e) {
      // reported below
    }
    throw new UsageException(
        "--variables must be a JSON object, such as '{\"brief\": {\"prompt\": \"...\"}}'; got "
            + json);
  }

  private static Duration timeout(String text) throws UsageException {
    try {
      Duration timeout = Duration.parse(text);
      if (!timeout.isNegative() && !timeout.isZero()) return timeout;
    } catch (DateTimeParseException e) {
      // reported below
    }
    throw new UsageException(
        "--timeout must be a positive ISO-8601 duration such as PT5M; got " + text);
  }
}
