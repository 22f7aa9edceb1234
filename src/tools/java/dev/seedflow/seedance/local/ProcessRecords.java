package dev.seedflow.seedance.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.json.Json;
import dev.seedflow.seedance.model.WorkerVariables;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the engine's own record stream: whether an instance completed or stopped on an incident,
 * its variables and its incidents. The embedded engine has no search API, and the stream is the
 * ground truth anyway.
 */
public final class ProcessRecords {
  private static final ObjectMapper JSON = Json.mapper();

  /** Elements that hold others; where an instance waits is one of their children. */
  private static final Set<BpmnElementType> CONTAINERS =
      Set.of(
          BpmnElementType.PROCESS,
          BpmnElementType.SUB_PROCESS,
          BpmnElementType.EVENT_SUB_PROCESS,
          BpmnElementType.MULTI_INSTANCE_BODY,
          BpmnElementType.AD_HOC_SUB_PROCESS,
          BpmnElementType.AD_HOC_SUB_PROCESS_INNER_INSTANCE);

  private final LocalEngine engine;

  public ProcessRecords(LocalEngine engine) {
    this.engine = engine;
  }

  /** The instance as it stands now. */
  public ProcessOutcome outcome(long processInstanceKey) {
    return outcomes(Set.of(processInstanceKey)).get(processInstanceKey);
  }

  /**
   * The open incidents of these instances, by incident key, as a person resolving them sees them.
   */
  public Map<Long, IncidentRecordValue> openIncidents(Collection<Long> processInstanceKeys) {
    Map<Long, IncidentRecordValue> open = new HashMap<>();
    for (Record<?> record : engine.records()) {
      if (record.getValue() instanceof IncidentRecordValue incident
          && processInstanceKeys.contains(incident.getProcessInstanceKey())) {
        if (record.getIntent() == IncidentIntent.CREATED) open.put(record.getKey(), incident);
        if (record.getIntent() == IncidentIntent.RESOLVED) open.remove(record.getKey());
      }
    }
    return open;
  }

  /** A Camunda user task waiting for a person: what Tasklist would list. */
  public record OpenUserTask(
      long userTaskKey, long processInstanceKey, String elementId, long formKey) {}

  /** The Camunda user tasks of this instance that are waiting, oldest first. */
  public List<OpenUserTask> openUserTasks(long processInstanceKey) {
    Map<Long, OpenUserTask> open = new LinkedHashMap<>();
    for (Record<?> record : engine.records()) {
      if (record.getValue() instanceof UserTaskRecordValue task
          && task.getProcessInstanceKey() == processInstanceKey) {
        if (record.getIntent() == UserTaskIntent.CREATED) {
          open.put(
              task.getUserTaskKey(),
              new OpenUserTask(
                  task.getUserTaskKey(),
                  processInstanceKey,
                  task.getElementId(),
                  task.getFormKey()));
        } else if (record.getIntent() == UserTaskIntent.COMPLETED
            || record.getIntent() == UserTaskIntent.CANCELED) {
          open.remove(task.getUserTaskKey());
        }
      }
    }
    return List.copyOf(open.values());
  }

  /** Many instances as they stand now, from one pass over the record stream. */
  public Map<Long, ProcessOutcome> outcomes(Collection<Long> processInstanceKeys) {
    Map<Long, Reading> readings = new HashMap<>();
    processInstanceKeys.forEach(key -> readings.put(key, new Reading()));
    for (Record<?> record : engine.records()) {
      if (record.getValueType() == ValueType.PROCESS_INSTANCE
          && record.getValue() instanceof ProcessInstanceRecordValue value
          && record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          && readings.containsKey(value.getProcessInstanceKey())) {
        Reading reading = readings.get(value.getProcessInstanceKey());
        reading.completedElements.add(value.getElementId());
        reading.completed |= value.getBpmnElementType() == BpmnElementType.PROCESS;
        reading.active.remove(record.getKey());
      } else if (record.getValueType() == ValueType.PROCESS_INSTANCE
          && record.getValue() instanceof ProcessInstanceRecordValue value
          && readings.containsKey(value.getProcessInstanceKey())
          && !CONTAINERS.contains(value.getBpmnElementType())) {
        if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
          readings
              .get(value.getProcessInstanceKey())
              .active
              .put(record.getKey(), value.getElementId());
        if (record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED)
          readings.get(value.getProcessInstanceKey()).active.remove(record.getKey());
      } else if (record.getValueType() == ValueType.VARIABLE
          && record.getValue() instanceof VariableRecordValue value
          && value.getName().equals(WorkerVariables.PROGRESS)
          && readings.containsKey(value.getProcessInstanceKey())
          && (record.getIntent() == VariableIntent.CREATED
              || record.getIntent() == VariableIntent.UPDATED)) {
        readings
            .get(value.getProcessInstanceKey())
            .progress
            .put(value.getScopeKey(), parse(value.getValue()));
      } else if (record.getValueType() == ValueType.VARIABLE
          && record.getValue() instanceof VariableRecordValue value
          && value.getScopeKey() == value.getProcessInstanceKey()
          && readings.containsKey(value.getProcessInstanceKey())
          && (record.getIntent() == VariableIntent.CREATED
              || record.getIntent() == VariableIntent.UPDATED)) {
        readings
            .get(value.getProcessInstanceKey())
            .variables
            .put(value.getName(), parse(value.getValue()));
      } else if (record.getValueType() == ValueType.JOB
          && record.getIntent() == JobIntent.FAILED
          && record.getValue() instanceof JobRecordValue job
          && readings.containsKey(job.getProcessInstanceKey())
          && job.getRetries() > 0) {
        readings
            .get(job.getProcessInstanceKey())
            .failedAttempts
            .add(
                new ProcessOutcome.FailedAttempt(
                    record.getPosition(),
                    job.getElementId(),
                    job.getRetries(),
                    Duration.ofMillis(job.getRetryBackoff()),
                    job.getErrorMessage()));
      } else if (record.getValueType() == ValueType.INCIDENT
          && record.getValue() instanceof IncidentRecordValue value
          && readings.containsKey(value.getProcessInstanceKey())) {
        Map<Long, ProcessOutcome.Incident> open =
            readings.get(value.getProcessInstanceKey()).incidents;
        if (record.getIntent() == IncidentIntent.CREATED) {
          open.put(
              record.getKey(),
              new ProcessOutcome.Incident(
                  value.getElementId(), value.getErrorType().name(), value.getErrorMessage()));
        } else if (record.getIntent() == IncidentIntent.RESOLVED) {
          open.remove(record.getKey());
        }
      }
    }
    Map<Long, ProcessOutcome> outcomes = new HashMap<>();
    readings.forEach((key, reading) -> outcomes.put(key, reading.outcome(key)));
    return outcomes;
  }

  /** What one pass over the stream gathers about one instance. */
  private static final class Reading {
    final Map<String, Object> variables = new LinkedHashMap<>();
    final Map<Long, ProcessOutcome.Incident> incidents = new LinkedHashMap<>();
    final Set<String> completedElements = new LinkedHashSet<>();
    final Map<Long, String> active = new LinkedHashMap<>();
    final List<ProcessOutcome.FailedAttempt> failedAttempts = new ArrayList<>();

    /** The worker's progress by the element instance it is kept on. */
    final Map<Long, Object> progress = new HashMap<>();

    boolean completed;

    ProcessOutcome outcome(long key) {
      ProcessOutcome.State state =
          completed
              ? ProcessOutcome.State.COMPLETED
              : incidents.isEmpty() ? ProcessOutcome.State.RUNNING : ProcessOutcome.State.INCIDENT;
      return new ProcessOutcome(
          state,
          key,
          variables,
          new ArrayList<>(incidents.values()),
          List.copyOf(completedElements),
          List.copyOf(active.values()),
          active.keySet().stream()
              .map(progress::get)
              .filter(java.util.Objects::nonNull)
              .findFirst()
              .orElse(null),
          List.copyOf(failedAttempts));
    }
  }

  /**
   * Waits until the instance completes or raises an incident; after {@code timeout} the state is
   * TIMEOUT.
   */
  public ProcessOutcome await(long processInstanceKey, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      ProcessOutcome outcome = outcome(processInstanceKey);
      if (outcome.state() != ProcessOutcome.State.RUNNING) {
        return outcome;
      }
      if (System.nanoTime() > deadline) {
        return outcome.withState(ProcessOutcome.State.TIMEOUT);
      }
      Thread.sleep(50);
    }
  }

  private static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (IOException e) {
      return json;
    }
  }
}
