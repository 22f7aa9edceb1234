package dev.seedflow.seedance.worker.shared;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * What the generate step says to an AI Agent that called it as a tool. Camunda's agent gives each
 * tool call its arguments as the variable {@code toolCall} and reads the tool's answer from {@code
 * toolCallResult}. A refusal the agent can act on (an input it got wrong, a video over the
 * process's budget) goes back as that answer, so the agent can choose again; an incident would stop
 * the agent, and its process, until a person came.
 */
public final class AgentAnswers {
  /** The variable an agent's tool call carries its arguments in; its presence marks the call. */
  public static final String TOOL_CALL = "toolCall";

  /** The variable the agent reads a tool's answer from. */
  public static final String TOOL_CALL_RESULT = "toolCallResult";

  /** The failures an agent can act on by calling again differently. */
  private static final Set<ErrorCode> ANSWERED =
      Set.of(ErrorCode.INVALID_INPUT, ErrorCode.OVER_BUDGET);

  private AgentAnswers() {}

  /** Whether this failure, met in an agent's tool call, is answered rather than raised. */
  public static boolean answers(SeedanceException failure) {
    return ANSWERED.contains(failure.errorCode());
  }

  /**
   * The answer: refused, the code, the message (which says what it would cost and what is left, or
   * which field is wrong), and each field named.
   */
  public static Map<String, Object> answer(SeedanceException failure) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("refused", true);
    answer.put("code", failure.code());
    answer.put("message", failure.getMessage());
    if (!failure.problems().isEmpty()) {
      Map<String, String> fields = new LinkedHashMap<>();
      for (Problem problem : failure.problems()) fields.put(problem.field(), problem.message());
      answer.put("fields", fields);
    }
    return Map.of(TOOL_CALL_RESULT, answer);
  }
}
