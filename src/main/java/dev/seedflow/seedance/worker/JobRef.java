package dev.seedflow.seedance.worker;

import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;

/** What the worker keeps of an activated job while it waits: ids and headers, not the job's variables. */
record JobRef(JobKind kind, long jobKey, long elementInstanceKey, long processInstanceKey, String bpmnProcessId, int retries,
    Map<String, String> headers, String tenantId) {

  static JobRef of(JobKind kind, ActivatedJob job) {
    return new JobRef(kind, job.getKey(), job.getElementInstanceKey(), job.getProcessInstanceKey(), job.getBpmnProcessId(), job.getRetries(),
        Map.copyOf(job.getCustomHeaders()), job.getTenantId());
  }
}
