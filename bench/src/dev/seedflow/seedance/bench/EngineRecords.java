package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.local.LocalEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobBatchIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.JobBatchRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRelated;
import io.camunda.zeebe.protocol.record.value.VariableDocumentRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** What the benchmarks read from the engine's own record stream. */
public final class EngineRecords {
  private EngineRecords() {}

  /** When each of these instances completed. */
  public static Map<Long, Instant> completions(LocalEngine engine, Set<Long> instances) {
    Map<Long, Instant> done = new HashMap<>();
    for (Record<?> record : engine.records()) {
      if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          && record.getValue() instanceof ProcessInstanceRecordValue value
          && value.getBpmnElementType() == BpmnElementType.PROCESS
          && instances.contains(value.getProcessInstanceKey())) {
        done.put(value.getProcessInstanceKey(), Instant.ofEpochMilli(record.getTimestamp()));
      }
    }
    return done;
  }

  /**
   * Every record the engine wrote for these instances: the load a pattern puts on the engine.
   * Besides the records that name their process instance, that is the commands that name only a key
   * (a job's complete, fail or timeout update; a set-variables on one of their element instances)
   * and each instance's share of the job batches that activated its jobs.
   */
  static double recordsOf(LocalEngine engine, Set<Long> instances) {
    Set<Long> scopes = new HashSet<>(instances), jobs = new HashSet<>();
    for (Record<?> record : engine.records()) {
      if (record.getValue() instanceof ProcessInstanceRelated related
          && instances.contains(related.getProcessInstanceKey())) {
        if (record.getValue() instanceof ProcessInstanceRecordValue) scopes.add(record.getKey());
        if (record.getValue() instanceof JobRecordValue) jobs.add(record.getKey());
      }
    }
    double count = 0;
    for (Record<?> record : engine.records()) {
      Object value = record.getValue();
      if (value instanceof ProcessInstanceRelated related
          && instances.contains(related.getProcessInstanceKey())) {
        count++;
      } else if (value instanceof JobRecordValue && jobs.contains(record.getKey())) {
        count++; // a command by job key alone
      } else if (value instanceof VariableDocumentRecordValue document
          && scopes.contains(document.getScopeKey())) {
        count++;
      } else if (value instanceof JobBatchRecordValue batch
          && record.getIntent() == JobBatchIntent.ACTIVATED
          && !batch.getJobKeys().isEmpty()) {
        // The activate command and its event, shared among the jobs activated together.
        count +=
            2.0
                * batch.getJobKeys().stream().filter(jobs::contains).count()
                / batch.getJobKeys().size();
      }
    }
    return count;
  }

  /** The last value of a root variable of each instance, as JSON text. */
  static Map<Long, String> variable(LocalEngine engine, Set<Long> instances, String name) {
    Map<Long, String> values = new HashMap<>();
    for (Record<?> record : engine.records()) {
      if (record.getValue() instanceof VariableRecordValue variable
          && instances.contains(variable.getProcessInstanceKey())
          && variable.getScopeKey() == variable.getProcessInstanceKey()
          && variable.getName().equals(name)) {
        values.put(variable.getProcessInstanceKey(), variable.getValue());
      }
    }
    return values;
  }
}
