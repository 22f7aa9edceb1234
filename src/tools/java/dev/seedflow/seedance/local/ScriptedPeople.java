package dev.seedflow.seedance.local;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The people of a local run: each Camunda user task of a watched instance is completed, as soon as
 * it appears, with what a person would submit in its form. The demo's reviewer and the examples'
 * tests are made of this.
 */
final class ScriptedPeople implements AutoCloseable {
  /** What a person submits for a task, seeing the instance's variables. */
  interface Person {
    Map<String, Object> submit(ProcessRecords.OpenUserTask task, Map<String, Object> variables);
  }

  private final LocalRuntime runtime;
  private final Person person;
  private final Set<Long> instances = ConcurrentHashMap.newKeySet();
  private final Set<Long> done = ConcurrentHashMap.newKeySet();
  private final Thread desk;

  ScriptedPeople(LocalRuntime runtime, Person person) {
    this.runtime = runtime;
    this.person = person;
    this.desk = Thread.ofPlatform().daemon().name("scripted-people").start(this::work);
  }

  void watch(long processInstanceKey) {
    instances.add(processInstanceKey);
  }

  private void work() {
    while (!Thread.currentThread().isInterrupted()) {
      for (long instance : instances) {
        for (ProcessRecords.OpenUserTask task : runtime.records().openUserTasks(instance)) {
          if (done.add(task.userTaskKey())) {
            runtime
                .engine()
                .completeUserTask(
                    task.userTaskKey(),
                    person.submit(task, runtime.records().outcome(instance).variables()));
          }
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    desk.interrupt();
  }
}
