package dev.seedflow.seedance.connector.finished;

import io.camunda.connector.api.inbound.Activity;
import io.camunda.connector.runtime.core.inbound.ExecutableId;
import io.camunda.connector.runtime.core.inbound.activitylog.ActivityLogEntry;
import io.camunda.connector.runtime.core.inbound.activitylog.ActivityLogRegistry;
import java.util.ArrayDeque;
import java.util.Queue;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.env.Environment;

/**
 * The connectors runtime's activity log with its writes taken one at a time. The runtime logs an
 * activity for every webhook call a connector refuses, into a Guava {@code EvictingQueue} per
 * connector, which is not thread-safe (connectors runtime 8.8.7, {@code ActivityLogRegistry}): a
 * flood of refused callbacks at the "video finished" event broke it, and one forged callback in a
 * thousand was answered 500 instead of 403. This replaces the runtime's bean with one that logs
 * under a lock, at the size the runtime was given.
 */
public final class SerializedActivityLog extends ActivityLogRegistry {
  /** The runtime's setting of the log's length per connector, and its default. */
  static final String SIZE_PROPERTY = "camunda.connector.inbound.log.size";

  static final int DEFAULT_SIZE = 100;

  public SerializedActivityLog(int size) {
    super(size);
  }

  @Override
  public synchronized void log(ActivityLogEntry entry) {
    super.log(entry);
  }

  /** A copy, so a reader never walks the queue while a refusal is written into it. */
  @Override
  public synchronized Queue<Activity> getLogs(ExecutableId executableId) {
    return new ArrayDeque<>(super.getLogs(executableId));
  }

  /** Puts this log in the place of the runtime's own, where the runtime has one. */
  public static BeanPostProcessor replacing(Environment environment) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String name) {
        return bean.getClass() == ActivityLogRegistry.class
            ? new SerializedActivityLog(
                environment.getProperty(SIZE_PROPERTY, Integer.class, DEFAULT_SIZE))
            : bean;
      }
    };
  }
}
