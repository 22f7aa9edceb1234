package dev.seedflow.seedance.error;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * Every failure the product reports. The message is written for the person who reads the incident:
 * what went wrong, the provider's code and message, the task id, and what to do. It never contains
 * the API key: provider text is redacted before it gets here.
 */
public final class SeedanceException extends RuntimeException {
  private final ErrorCode errorCode;
  private final String what;
  private final String taskId;
  private final String providerCode;
  private final String providerMessage;
  private final Integer httpStatus;
  private final Duration retryAfter;
  private final List<Problem> problems;
  private final String advice;

  private SeedanceException(Builder b) {
    super(compose(b), b.cause);
    this.errorCode = b.errorCode;
    this.what = b.what;
    this.taskId = b.taskId;
    this.providerCode = b.providerCode;
    this.providerMessage = b.providerMessage;
    this.httpStatus = b.httpStatus;
    this.retryAfter = b.retryAfter;
    this.problems = List.copyOf(b.problems);
    this.advice = b.advice;
  }

  public static Builder of(ErrorCode code, String what) {
    return new Builder(code, what);
  }

  public static SeedanceException invalidInput(List<Problem> problems) {
    String what =
        problems.size() == 1
            ? "the request is invalid, so nothing was sent to the provider: " + problems.getFirst()
            : "the request has "
                + problems.size()
                + " problems, so nothing was sent to the provider: "
                + problems.stream().map(Problem::toString).collect(Collectors.joining("; "));
    return of(ErrorCode.INVALID_INPUT, what).problems(problems).build();
  }

  public ErrorCode errorCode() {
    return errorCode;
  }

  /** The public code string, for example {@code SEEDANCE_AUTH}. */
  public String code() {
    return errorCode.code();
  }

  public Optional<String> taskId() {
    return Optional.ofNullable(taskId);
  }

  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  public Optional<String> providerMessage() {
    return Optional.ofNullable(providerMessage);
  }

  /** How long the provider asked us to wait, when it said so. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public List<Problem> problems() {
    return problems;
  }

  /**
   * This failure with {@code redact} applied to every text in it, or this same failure when nothing
   * changes. Used to take a secret out of whatever a provider or a variable put into a message.
   */
  public SeedanceException redacted(UnaryOperator<String> redact) {
    Builder copy =
        of(errorCode, redact.apply(what))
            .taskId(redact.apply(taskId))
            .providerCode(redact.apply(providerCode))
            .providerMessage(redact.apply(providerMessage))
            .httpStatus(httpStatus)
            .retryAfter(retryAfter)
            .problems(
                problems.stream()
                    .map(p -> new Problem(p.field(), redact.apply(p.message())))
                    .toList())
            .cause(redactedCause(getCause(), redact))
            .advice(advice);
    SeedanceException redacted = copy.build();
    if (redacted.getMessage().equals(getMessage())
        && redacted.problems.equals(problems)
        && redacted.getCause() == getCause()) {
      return this;
    }
    redacted.setStackTrace(getStackTrace());
    return redacted;
  }

  /**
   * A cause whose message (or whose own cause's) holds the secret, in a copy without it: a runtime
   * that logs the failure prints its causes too ({@code Caused by: ...}). A cause without the
   * secret is kept as it is.
   */
  private static Throwable redactedCause(Throwable cause, UnaryOperator<String> redact) {
    if (cause == null) return null;
    Throwable inner = redactedCause(cause.getCause(), redact);
    String message = cause.getMessage();
    String clean = redact.apply(message);
    if (java.util.Objects.equals(clean, message) && inner == cause.getCause()) return cause;
    if (cause instanceof SeedanceException failure && inner == failure.getCause())
      return failure.redacted(redact);
    Throwable copy =
        new RedactedCause(cause.getClass().getName() + (clean == null ? "" : ": " + clean), inner);
    copy.setStackTrace(cause.getStackTrace());
    return copy;
  }

  /** A cause as it was, but for the secret its message held. */
  private static final class RedactedCause extends RuntimeException {
    RedactedCause(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static String compose(Builder b) {
    StringBuilder text = new StringBuilder(b.errorCode.code()).append(": ").append(b.what);
    if (b.providerCode != null || b.providerMessage != null) {
      text.append(" (provider");
      if (b.httpStatus != null) text.append(" HTTP ").append(b.httpStatus);
      if (b.providerCode != null) text.append(" ").append(b.providerCode);
      if (b.providerMessage != null) text.append(": ").append(b.providerMessage);
      text.append(")");
    } else if (b.httpStatus != null) {
      text.append(" (provider HTTP ").append(b.httpStatus).append(")");
    }
    if (b.taskId != null) text.append(" [task ").append(b.taskId).append("]");
    if (!b.what.endsWith(".")) text.append(".");
    return text.append(" ").append(b.advice != null ? b.advice : b.errorCode.advice()).toString();
  }

  public static final class Builder {
    private final ErrorCode errorCode;
    private final String what;
    private String taskId, providerCode, providerMessage;
    private Integer httpStatus;
    private Duration retryAfter;
    private List<Problem> problems = List.of();
    private Throwable cause;
    private String advice;

    private Builder(ErrorCode errorCode, String what) {
      this.errorCode = errorCode;
      this.what = what;
    }

    public Builder taskId(String v) {
      taskId = v;
      return this;
    }

    public Builder providerCode(String v) {
      providerCode = v;
      return this;
    }

    public Builder providerMessage(String v) {
      providerMessage = v;
      return this;
    }

    public Builder httpStatus(Integer v) {
      httpStatus = v;
      return this;
    }

    public Builder retryAfter(Duration v) {
      retryAfter = v;
      return this;
    }

    public Builder problems(List<Problem> v) {
      problems = v;
      return this;
    }

    public Builder cause(Throwable v) {
      cause = v;
      return this;
    }

    /** What to do, where the code's general advice would not be true of this case. */
    public Builder advice(String v) {
      advice = v;
      return this;
    }

    public SeedanceException build() {
      return new SeedanceException(this);
    }
  }
}
