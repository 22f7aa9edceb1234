package dev.seedflow.seedance.worker.engine;

import dev.seedflow.seedance.worker.shared.JobKind;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.connector.runtime.core.Keywords;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the worker keeps of an activated job while it waits: ids and the headers its result and
 * error handling read, not the job's variables nor the template's other headers. A worker may hold
 * 100,000 of these, so strings every job of a model repeats (its process id, tenant, expressions)
 * are shared, not kept once per job.
 *
 * @param activationTimesOutAt when the engine would hand the job to another worker, as its
 *     activation said (epoch milliseconds, the engine's clock): until then it is ours without
 *     extending its timeout
 */
public record JobRef(
    JobKind kind,
    long jobKey,
    long elementInstanceKey,
    long processInstanceKey,
    String bpmnProcessId,
    int retries,
    long activationTimesOutAt,
    Map<String, String> headers,
    String tenantId) {

  /** The headers {@link JobFinisher} hands to the runtime's result handler. */
  static final List<String> KEPT_HEADERS =
      List.of(
          Keywords.RESULT_VARIABLE_KEYWORD,
          Keywords.RESULT_EXPRESSION_KEYWORD,
          Keywords.ERROR_EXPRESSION_KEYWORD);

  public static JobRef of(JobKind kind, ActivatedJob job) {
    Map<String, String> headers = new HashMap<>();
    for (String name : KEPT_HEADERS) {
      String value = job.getCustomHeaders().get(name);
      if (value != null) headers.put(name, value.intern());
    }
    return new JobRef(
        kind,
        job.getKey(),
        job.getElementInstanceKey(),
        job.getProcessInstanceKey(),
        job.getBpmnProcessId().intern(),
        job.getRetries(),
        job.getDeadline(),
        Map.copyOf(headers),
        job.getTenantId().intern());
  }

  public Instant timesOutAt() {
    return Instant.ofEpochMilli(activationTimesOutAt);
  }
}
