package dev.seedflow.seedance.worker.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.FailJobResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every command the worker gives the engine about a job (note, extend, complete, fail, hand back)
 * goes through here and the {@link CommandGate}, so none blocks a thread of ours. One wait is on
 * purpose: {@link #admit} holds the Camunda client's job-handler thread while the worker is at
 * {@code max-jobs-in-flight}, so the client activates no more jobs than the worker can watch. A job
 * holds its permit until its final command (complete, fail, throw a BPMN error) has been answered.
 * Two other calls reach the cluster outside the gate, each bounded on its own: document uploads, on
 * the {@code store-threads} download threads ({@link
 * dev.seedflow.seedance.worker.keeping.VideoKeeping}), and the gateway's topology, once in a while
 * ({@link GatewayWatch}).
 */
public final class JobCommands {
  private static final Logger LOG = LoggerFactory.getLogger(JobCommands.class);

  /**
   * Tries of a note (intent, task id) before the job is left to come back; each try waits for the
   * engine's answer.
   */
  private static final int NOTE_ATTEMPTS = 5;

  /**
   * Progress is not published while this many engine commands wait: a burst's task ids and
   * completions go first.
   */
  static final int MOST_WAITING_TO_INFORM = 500;

  private final CamundaClient client;
  private final CommandGate gate;
  private final Semaphore inFlight;
  private final LongAdder finished = new LongAdder();
  private final LongAdder handedBack = new LongAdder();
  private final int maxJobsInFlight;

  public JobCommands(CamundaClient client, CommandGate gate, int maxJobsInFlight) {
    this.client = client;
    this.gate = gate;
    this.inFlight = new Semaphore(maxJobsInFlight);
    this.maxJobsInFlight = maxJobsInFlight;
  }

  /**
   * Back-pressure: at the limit, the job worker's activation waits here instead of piling up jobs
   * we cannot watch.
   */
  public void admit() throws InterruptedException {
    inFlight.acquire();
  }

  /**
   * A job this worker lets go of without ending it: its permit goes back, and the engine hands the
   * job out again later.
   */
  public void abandon() {
    inFlight.release();
  }

  /**
   * Sets local variables on the job's element instance; the future tells whether the engine
   * confirmed them, after up to {@value #NOTE_ATTEMPTS} tries. It never completes exceptionally.
   */
  public CompletableFuture<Boolean> note(JobRef job, Map<String, Object> variables) {
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    note(job.elementInstanceKey(), true, variables, 1, stored);
    return stored;
  }

  /**
   * Sets variables on the job's process instance, where every job of it reads them (the sum of a
   * per-process budget); tried as {@link #note} is.
   */
  public CompletableFuture<Boolean> noteOnTheInstance(JobRef job, Map<String, Object> variables) {
    CompletableFuture<Boolean> stored = new CompletableFuture<>();
    note(job.processInstanceKey(), false, variables, 1, stored);
    return stored;
  }

  private void note(
      long scopeKey,
      boolean local,
      Map<String, Object> variables,
      int attempt,
      CompletableFuture<Boolean> stored) {
    gate.send(
        () -> client.newSetVariablesCommand(scopeKey).variables(variables).local(local).send(),
        (ok, error) -> {
          if (error == null) {
            stored.complete(true);
          } else if (attempt < NOTE_ATTEMPTS) {
            LOG.warn(
                "Could not store {} on element instance {} (attempt {}): {}",
                variables.keySet(),
                scopeKey,
                attempt,
                error.getMessage());
            note(scopeKey, local, variables, attempt + 1, stored);
          } else {
            LOG.error(
                "Could not store {} on element instance {}: should this job come back, it raises an"
                    + " incident rather than submit again",
                variables.keySet(),
                scopeKey);
            stored.complete(false);
          }
        });
  }

  /**
   * How far this worker's clock and the engine's may disagree when it judges whether a job's hold
   * lapsed; the engine sets a job's deadline by its own clock.
   */
  public static final Duration CLOCK_SKEW = Duration.ofMillis(250);

  /**
   * Keeps a job this worker holds until {@code heldUntil} for another {@code timeout}, and tells
   * whether it is surely still this worker's: the engine confirmed the extension before the hold
   * lapsed. A job whose hold lapsed first may have been given to another worker meanwhile, and the
   * engine extends it all the same (it does not know which worker asks), so a confirmation alone
   * proves nothing. It never completes exceptionally.
   */
  public CompletableFuture<Boolean> keep(JobRef job, Duration timeout, Instant heldUntil) {
    return extendTimeout(job, timeout)
        .thenApply(confirmed -> confirmed && Instant.now().isBefore(heldUntil.minus(CLOCK_SKEW)));
  }

  /**
   * Keeps the job this worker's for another {@code timeout} from now. The future tells whether the
   * engine confirmed it: false means the job is no longer this worker's (it timed out and may be
   * another's), so nothing may be done in its name. It never completes exceptionally.
   */
  public CompletableFuture<Boolean> extendTimeout(JobRef job, Duration timeout) {
    CompletableFuture<Boolean> confirmed = new CompletableFuture<>();
    gate.send(
        () -> client.newUpdateTimeoutCommand(job.jobKey()).timeout(timeout).send(),
        (ok, error) -> {
          if (error != null)
            LOG.warn(
                "Could not extend the timeout of job {}: {}", job.jobKey(), error.getMessage());
          confirmed.complete(error == null);
        });
    return confirmed;
  }

  /**
   * A local variable that only informs (progress): losing one is harmless, so it is tried once, and
   * not at all while {@value #MOST_WAITING_TO_INFORM} engine commands wait already.
   */
  public void inform(JobRef job, String name, Object value) {
    boolean sent =
        gate.offer(
            MOST_WAITING_TO_INFORM,
            () ->
                client
                    .newSetVariablesCommand(job.elementInstanceKey())
                    .variables(Map.of(name, value))
                    .local(true)
                    .send(),
            (ok, error) -> {
              if (error != null)
                LOG.debug(
                    "Could not publish {} of job {}: {}", name, job.jobKey(), error.getMessage());
            });
    if (!sent)
      LOG.debug(
          "Not publishing {} of job {}: the engine has many commands of this worker to take first",
          name,
          job.jobKey());
  }

  void complete(JobRef job, Map<String, Object> variables) {
    end(
        job,
        "complete",
        () -> client.newCompleteCommand(job.jobKey()).variables(variables).send(),
        true,
        finished);
  }

  void fail(JobRef job, String message, int retries, Duration backoff) {
    end(
        job,
        "fail",
        () ->
            client
                .newFailCommand(job.jobKey())
                .retries(retries)
                .errorMessage(message)
                .retryBackoff(backoff)
                .send(),
        true,
        finished);
  }

  void throwError(JobRef job, String code, String message, Map<String, Object> variables) {
    end(
        job,
        "throw BPMN error " + code,
        () ->
            client
                .newThrowErrorCommand(job.jobKey())
                .errorCode(code)
                .errorMessage(message)
                .variables(variables)
                .send(),
        true,
        finished);
  }

  /**
   * Gives the job back to the engine at once, as it came: a fail with the retries it had and no
   * backoff spends no retry, raises no incident, and makes the job another worker's at its next
   * activation, not after its timeout.
   */
  public void handBack(JobRef job) {
    end(job, "hand back", handingBack(job), true, handedBack);
  }

  /** As {@link #handBack}, for a job activated while the worker stops, which was never admitted. */
  public void handBackUnadmitted(JobRef job) {
    end(job, "hand back", handingBack(job), false, handedBack);
  }

  private Supplier<CamundaFuture<FailJobResponse>> handingBack(JobRef job) {
    return () ->
        client
            .newFailCommand(job.jobKey())
            .retries(job.retries())
            .retryBackoff(Duration.ZERO)
            .errorMessage(HANDED_BACK)
            .send();
  }

  /**
   * The message a handed-back job carries, which Operate shows on it until the next worker takes
   * it.
   */
  static final String HANDED_BACK =
      "Handed back by a stopping Seedflow worker, for another worker to go on with at once; no"
          + " retry was spent";

  /** Jobs the engine confirmed as ended (completed, failed or turned into a BPMN error). */
  public long finished() {
    return finished.sum();
  }

  /** Jobs the engine confirmed as handed back. */
  public long handedBack() {
    return handedBack.sum();
  }

  /**
   * Waits until every admitted job has left the worker (ended, let go of or handed back, as the
   * engine answered), or the deadline passed; true when they all left.
   */
  public boolean awaitAllLeft(Instant deadline) throws InterruptedException {
    while (inFlight.availablePermits() < maxJobsInFlight) {
      if (!Instant.now().isBefore(deadline)) return false;
      Thread.sleep(20);
    }
    return true;
  }

  /** Jobs admitted and not yet left. */
  public int inFlight() {
    return maxJobsInFlight - inFlight.availablePermits();
  }

  /**
   * The job leaves the worker once its final command is answered; a job that is gone already
   * (another worker ended it) is fine.
   */
  private <T> void end(
      JobRef job,
      String what,
      Supplier<CamundaFuture<T>> command,
      boolean admitted,
      LongAdder count) {
    gate.send(
        command,
        (ok, error) -> {
          if (admitted) inFlight.release();
          if (error == null) {
            count.increment();
          } else {
            LOG.warn(
                "Could not {} job {} (element instance {}): {}",
                what,
                job.jobKey(),
                job.elementInstanceKey(),
                error.getMessage());
          }
        });
  }
}
