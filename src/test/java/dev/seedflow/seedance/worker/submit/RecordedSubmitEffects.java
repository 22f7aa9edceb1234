package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.worker.engine.JobRef;
import dev.seedflow.seedance.worker.shared.JobKind;
import dev.seedflow.seedance.worker.shared.JobStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What submitting decided for its jobs, as the engine room would have carried it out; a keep is
 * answered as told.
 */
final class RecordedSubmitEffects implements SubmitEffects {
  final List<String> events = new ArrayList<>();
  final List<SeedanceException> failures = new ArrayList<>();

  /** Whether the engine confirms a keep in time. */
  boolean keepsConfirmed = true;

  static JobRef job(long key) {
    return new JobRef(JobKind.GENERATE, key, key + 1, key + 2, "unit", 3, 0, Map.of(), "<default>");
  }

  @Override
  public void entering(JobStep step) {
    events.add("entering " + step);
  }

  @Override
  public CompletableFuture<Boolean> keep(JobRef job, Duration timeout, Instant heldUntil) {
    events.add("keep " + job.jobKey() + " for " + timeout);
    return CompletableFuture.completedFuture(keepsConfirmed);
  }

  @Override
  public void abandon() {
    events.add("abandon");
  }

  @Override
  public void handBack(JobRef job) {
    events.add("hand back " + job.jobKey());
  }

  @Override
  public void inform(JobRef job, String name, Object value) {
    events.add("inform " + job.jobKey() + " " + name + "=" + value);
  }

  @Override
  public void fail(JobRef job, SeedanceException failure) {
    events.add("fail " + job.jobKey() + " " + failure.code());
    failures.add(failure);
  }

  @Override
  public void failUnexpectedly(JobRef job, JobStep step, Throwable bug, String taskId) {
    throw new AssertionError("job " + job.jobKey() + " failed unexpectedly at " + step, bug);
  }
}
