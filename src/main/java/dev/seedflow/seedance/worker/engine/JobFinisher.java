package dev.seedflow.seedance.worker.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.result.VideoResult;
import dev.seedflow.seedance.worker.shared.AgentAnswers;
import dev.seedflow.seedance.worker.shared.JobStep;
import dev.seedflow.seedance.worker.shared.WorkerMeters;
import io.camunda.connector.runtime.core.ConnectorResultHandler;
import io.camunda.connector.runtime.core.error.BpmnError;
import io.camunda.connector.runtime.core.error.ConnectorError;
import io.camunda.connector.runtime.core.error.JobError;
import io.camunda.connector.runtime.core.outbound.ErrorExpressionJobContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a job the way a connector job ends: {@code resultVariable} and {@code resultExpression}
 * shape the result, and {@code errorExpression} may turn an outcome into a BPMN error or a job
 * error. It uses the connectors runtime's own result handler, so FEEL and {@code bpmnError(...)}
 * behave exactly as users know them.
 */
public final class JobFinisher {
  private static final Logger LOG = LoggerFactory.getLogger(JobFinisher.class);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final JobCommands commands;
  private final ObjectMapper json;
  private final ConnectorResultHandler results;
  private final JobStep.Probe probe;
  private final WorkerMeters meters;

  public JobFinisher(
      JobCommands commands, ObjectMapper json, JobStep.Probe probe, WorkerMeters meters) {
    this.commands = commands;
    this.json = json;
    this.results = new ConnectorResultHandler(json);
    this.probe = probe;
    this.meters = meters;
  }

  /** Marks the start of a step, inside its catch-all (where a test's probe may throw). */
  public void entering(JobStep step) {
    probe.entering(step);
  }

  public void succeed(JobRef job, VideoResult result) {
    Map<String, Object> response = json.convertValue(result, MAP);
    try {
      Optional<ConnectorError> error =
          results.examineErrorExpression(response, job.headers(), context(job));
      if (error.isPresent()) {
        endWith(job, error.get(), null, Duration.ZERO, "none");
        return;
      }
      Map<String, Object> variables =
          results.createOutputVariables(
              response, job.headers().get("resultVariable"), job.headers().get("resultExpression"));
      commands.complete(job, variables);
      meters.completed(result);
    } catch (RuntimeException e) {
      // A broken result or error expression is the model's problem: say so in an incident.
      fail(
          job,
          "The result or error expression failed: " + e.getMessage(),
          0,
          Duration.ZERO,
          "expression");
    }
  }

  /**
   * A refusal before anything was sent, for good: an AI Agent that called the step as a tool gets
   * it as its tool's answer where it can act on it (an invalid input, over the process's budget),
   * so it can choose again ({@link AgentAnswers}); anywhere else it fails the job, with no retry.
   *
   * @param forAnAgent whether the job carries {@code toolCall}
   */
  public void refuse(JobRef job, SeedanceException refusal, boolean forAnAgent) {
    if (forAnAgent && AgentAnswers.answers(refusal)) {
      commands.complete(job, AgentAnswers.answer(refusal));
      meters.jobEnded("answered", refusal.code());
      return;
    }
    fail(job, refusal, 0, Duration.ZERO);
  }

  /** Fails with the error's message; an error expression may turn it into a BPMN error instead. */
  public void fail(JobRef job, SeedanceException failure, int retries, Duration backoff) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", failure.code());
    error.put("message", failure.getMessage());
    error.put("type", SeedanceException.class.getName());
    Map<String, Object> details = new LinkedHashMap<>();
    failure.taskId().ifPresent(id -> details.put("taskId", id));
    failure.providerCode().ifPresent(code -> details.put("providerCode", code));
    failure.providerMessage().ifPresent(message -> details.put("providerMessage", message));
    error.put("variables", details);
    try {
      Optional<ConnectorError> mapped =
          results.examineErrorExpression(Map.of("error", error), job.headers(), context(job));
      if (mapped.isPresent()) {
        endWith(job, mapped.get(), failure.getMessage(), backoff, failure.code());
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("Error expression of job {} failed: {}", job.jobKey(), e.getMessage());
    }
    fail(job, failure.getMessage(), retries, backoff, failure.code());
  }

  /**
   * The catch-all of every thread of the worker: a fault of ours (or a value nothing foresaw)
   * during {@code during} ends the job with {@code SEEDANCE_INTERNAL} and its stack trace in the
   * log, never leaves it without an outcome.
   */
  public void failUnexpectedly(JobRef job, JobStep during, Throwable bug, String taskId) {
    LOG.error("Job {}: {} failed unexpectedly", job.jobKey(), during, bug);
    fail(
        job,
        SeedanceException.of(ErrorCode.INTERNAL, during + " failed unexpectedly (" + bug + ")")
            .taskId(taskId)
            .cause(bug)
            .build(),
        0,
        Duration.ZERO);
  }

  /**
   * @param code the Seedflow code behind it, for the meters (a BPMN error's own code is the
   *     model's, unbounded)
   */
  private void endWith(
      JobRef job, ConnectorError error, String fallbackMessage, Duration backoff, String code) {
    switch (error) {
      case BpmnError bpmn -> {
        commands.throwError(
            job,
            bpmn.errorCode(),
            bpmn.errorMessage() == null ? fallbackMessage : bpmn.errorMessage(),
            bpmn.variables() == null ? Map.of() : bpmn.variables());
        meters.jobEnded("bpmn_error", code);
      }
      case JobError jobError ->
          fail(
              job,
              jobError.errorMessage() == null ? fallbackMessage : jobError.errorMessage(),
              jobError.retries() == null ? Math.max(0, job.retries() - 1) : jobError.retries(),
              jobError.retryBackoff() == null ? backoff : jobError.retryBackoff(),
              code);
    }
  }

  private void fail(JobRef job, String message, int retries, Duration backoff, String code) {
    commands.fail(job, message, retries, backoff);
    meters.jobEnded(retries > 0 ? "retried" : "incident", code);
  }

  private static ErrorExpressionJobContext context(JobRef job) {
    return new ErrorExpressionJobContext(
        new ErrorExpressionJobContext.ErrorExpressionJob(job.retries()));
  }
}
