package dev.seedflow.seedance.worker.waiting;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskReads;
import dev.seedflow.seedance.request.ProviderConfig;
import java.util.List;

/**
 * The provider as a wait sees it: reads of its tasks. The client serves it over HTTP; a test serves
 * it from memory, so the wait's logic runs on a fake clock in milliseconds.
 */
public interface TaskReader {

  /**
   * How many tasks one request reads at this provider: more than one where it lists tasks by id
   * (Ark), so reads due together go out as one.
   */
  int tasksPerRead(ProviderConfig provider);

  /**
   * Reads these tasks in as few requests as the provider allows.
   *
   * @throws dev.seedflow.seedance.error.SeedanceException when the read failed as a whole
   */
  TaskReads read(ProviderConfig provider, List<String> taskIds);

  static TaskReader of(SeedanceClient client) {
    return new TaskReader() {
      @Override
      public int tasksPerRead(ProviderConfig provider) {
        return client.tasksPerRead(provider);
      }

      @Override
      public TaskReads read(ProviderConfig provider, List<String> taskIds) {
        return client.getMany(provider, taskIds);
      }
    };
  }
}
