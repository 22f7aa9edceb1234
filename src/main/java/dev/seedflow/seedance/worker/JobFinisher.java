package dev.seedflow.seedance.worker;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.SeedanceException;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.connector.runtime.core.ConnectorResultHandler;
import io.camunda.connector.runtime.core.error.BpmnError;
import io.camunda.connector.runtime.core.error.ConnectorError;
import io.camunda.connector.runtime.core.error.JobError;
import io.camunda.connector.runtime.core.outbound.ErrorExpressionJobContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a job the way a connector job ends: {@code resultVariable} and {@code resultExpression} shape the result,
 * and {@code errorExpression} may turn an outcome into a BPMN error or a job error. It uses the connectors runtime's
 * own result handler, so FEEL and {@code bpmnError(...)} behave exactly as users know them.
 */
final class JobFinisher {
  private static final Logger LOG = LoggerFactory.getLogger(JobFinisher.class);
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CamundaClient client;
  private final ObjectMapper json;
  private final ConnectorResultHandler results;
  private final Semaphore inFlight;
  private final CommandGate gate;
  private final LongAdder finished = new LongAdder();

  JobFinisher(CamundaClient client, ObjectMapper json, Semaphore inFlight, CommandGate gate) {
    this.client = client;
    this.json = json;
    this.results = new ConnectorResultHandler(json);
    this.inFlight = inFlight;
    this.gate = gate;
  }

  void succeed(JobRef job, TaskSnapshot task) {
    Map<String, Object> response = json.convertValue(task, MAP);
    try {
      Optional<ConnectorError> error = results.examineErrorExpression(response, job.headers(), context(job));
      if (error.isPresent()) {
        endWith(job, error.get(), null, Duration.ZERO);
        return;
      }
      Map<String, Object> variables = results.createOutputVariables(response, job.headers().get("resultVariable"), job.headers().get("resultExpression"));
      send(job, "complete", () -> client.newCompleteCommand(job.jobKey()).variables(variables).send());
    } catch (RuntimeException e) {
      // A broken result or error expression is the model's problem: say so in an incident.
      fail(job, "The result or error expression failed: " + e.getMessage(), 0, Duration.ZERO);
    }
  }

  /** Fails with the error's message; an error expression may turn it into a BPMN error instead. */
  void fail(JobRef job, SeedanceException failure, int retries, Duration backoff) {
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
      Optional<ConnectorError> mapped = results.examineErrorExpression(Map.of("error", error), job.headers(), context(job));
      if (mapped.isPresent()) {
        endWith(job, mapped.get(), failure.getMessage(), backoff);
        return;
      }
    } catch (RuntimeException e) {
      LOG.warn("Error expression of job {} failed: {}", job.jobKey(), e.getMessage());
    }
    fail(job, failure.getMessage(), retries, backoff);
  }

  private void endWith(JobRef job, ConnectorError error, String fallbackMessage, Duration backoff) {
    switch (error) {
      case BpmnError bpmn -> send(job, "throw BPMN error " + bpmn.errorCode(), () -> client.newThrowErrorCommand(job.jobKey())
          .errorCode(bpmn.errorCode())
          .errorMessage(bpmn.errorMessage() == null ? fallbackMessage : bpmn.errorMessage())
          .variables(bpmn.variables() == null ? Map.of() : bpmn.variables())
          .send());
      case JobError jobError -> fail(job, jobError.errorMessage() == null ? fallbackMessage : jobError.errorMessage(),
          jobError.retries() == null ? Math.max(0, job.retries() - 1) : jobError.retries(),
          jobError.retryBackoff() == null ? backoff : jobError.retryBackoff());
    }
  }

  private void fail(JobRef job, String message, int retries, Duration backoff) {
    send(job, "fail", () -> client.newFailCommand(job.jobKey()).retries(retries).errorMessage(message).retryBackoff(backoff).send());
  }

  /** The job leaves the worker once its final command is sent; a job that is gone already (another worker ended it) is fine. */
  private <T> void send(JobRef job, String what, Supplier<CamundaFuture<T>> command) {
    gate.send(command, (ok, error) -> {
      inFlight.release();
      if (error == null) {
        finished.increment();
      } else {
        LOG.warn("Could not {} job {} (element instance {}): {}", what, job.jobKey(), job.elementInstanceKey(), error.getMessage());
      }
    });
  }

  /** Jobs the engine confirmed as ended (completed, failed or turned into a BPMN error). */
  long finished() {
    return finished.sum();
  }

  private static ErrorExpressionJobContext context(JobRef job) {
    return new ErrorExpressionJobContext(new ErrorExpressionJobContext.ErrorExpressionJob(job.retries()));
  }
}
