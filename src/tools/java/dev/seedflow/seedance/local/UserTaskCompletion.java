package dev.seedflow.seedance.local;

import dev.seedflow.seedance.json.Json;
import io.camunda.zeebe.logstreams.log.LogAppendEntry;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.logstreams.log.LogStreamWriter;
import io.camunda.zeebe.logstreams.log.WriteContext;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.util.Map;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Completes a Camunda user task on the embedded engine. On a cluster that is a REST call ({@code
 * POST /v2/user-tasks/{key}/completion}), which the embedded engine does not serve: it speaks only
 * gRPC, and 8.8's gRPC has no user-task commands. So the command the REST gateway would write, a
 * USER_TASK COMPLETE with the variables, is written to the engine's own log stream, and the engine
 * processes it as it would on a cluster (listeners, variables, the element completing). The log
 * stream is a private field of zeebe-process-test's engine, reached by reflection: the one such
 * reach in the project, kept here behind {@link LocalEngine}.
 */
final class UserTaskCompletion {
  private final LogStreamWriter writer;

  UserTaskCompletion(ZeebeTestEngine engine) {
    try {
      Field field = engine.getClass().getDeclaredField("logStream");
      field.setAccessible(true);
      this.writer = ((LogStream) field.get(engine)).newLogStreamWriter();
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "the embedded engine "
              + engine.getClass().getName()
              + " has no log stream to write a user task "
              + "completion to; was zeebe-process-test upgraded?",
          e);
    }
  }

  /** Completes the user task, setting these variables as a Tasklist form submission does. */
  synchronized void complete(long userTaskKey, Map<String, Object> variables) {
    String json;
    try {
      json = Json.mapper().writeValueAsString(variables);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    UserTaskRecord command =
        new UserTaskRecord()
            .setUserTaskKey(userTaskKey)
            .setAction("complete")
            .setVariables(new UnsafeBuffer(MsgPackConverter.convertToMsgPack(json)));
    RecordMetadata metadata =
        new RecordMetadata()
            .recordType(RecordType.COMMAND)
            .valueType(ValueType.USER_TASK)
            .intent(UserTaskIntent.COMPLETE);
    var written =
        writer.tryWrite(WriteContext.internal(), LogAppendEntry.of(userTaskKey, metadata, command));
    if (written.isLeft()) {
      throw new IllegalStateException(
          "the engine did not take the completion of user task "
              + userTaskKey
              + ": "
              + written.getLeft());
    }
  }
}
