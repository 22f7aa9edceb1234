package dev.seedflow.seedance.bench;

import dev.seedflow.seedance.local.LocalEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRelated;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** What the benchmarks read from the engine's own record stream. */
final class EngineRecords {
  private EngineRecords() {}

  /** When each of these instances completed. */
  static Map<Long, Instant> completions(LocalEngine engine, Set<Long> instances) {
    Map<Long, Instant> done = new HashMap<>();
    for (Record<?> record : engine.records()) {
      if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED && record.getValue() instanceof ProcessInstanceRecordValue value
          && value.getBpmnElementType() == BpmnElementType.PROCESS && instances.contains(value.getProcessInstanceKey())) {
        done.put(value.getProcessInstanceKey(), Instant.ofEpochMilli(record.getTimestamp()));
      }
    }
    return done;
  }

  /** Every record the engine wrote for these instances: the load a pattern puts on the engine. */
  static long recordsOf(LocalEngine engine, Set<Long> instances) {
    long count = 0;
    for (Record<?> record : engine.records()) {
      if (record.getValue() instanceof ProcessInstanceRelated related && instances.contains(related.getProcessInstanceKey())) count++;
    }
    return count;
  }

  /** The last value of a root variable of each instance, as JSON text. */
  static Map<Long, String> variable(LocalEngine engine, Set<Long> instances, String name) {
    Map<Long, String> values = new HashMap<>();
    for (Record<?> record : engine.records()) {
      if (record.getValue() instanceof VariableRecordValue variable && instances.contains(variable.getProcessInstanceKey())
          && variable.getScopeKey() == variable.getProcessInstanceKey() && variable.getName().equals(name)) {
        values.put(variable.getProcessInstanceKey(), variable.getValue());
      }
    }
    return values;
  }
}
