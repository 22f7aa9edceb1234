package dev.seedflow.seedance.bench.gateway;

import java.util.Map;

/**
 * What the stand-in gateway saw, for the benchmark to verify: how the jobs ended, the task ids
 * noted on their element instances, and every call by its gRPC method name (also calls it does not
 * implement, which would fail).
 *
 * @param completedOnce jobs completed exactly once (a second complete is refused with NOT_FOUND, as
 *     Zeebe does)
 * @param completedWithVideo completed jobs whose result carries a video URL
 * @param withTaskId jobs with a task id noted on their element instance: submitted, and known to
 *     the process
 * @param taskIdReplaced jobs whose noted task id was later replaced by another: a second paid task
 *     for one video
 * @param activatedAgain jobs handed out more than once (after a timeout or a failure)
 * @param refused commands answered with an error (NOT_FOUND, FAILED_PRECONDITION, UNIMPLEMENTED)
 */
public record GatewayRecord(
    int jobs,
    int completedOnce,
    int completedWithVideo,
    int failed,
    int errorsThrown,
    int withTaskId,
    int taskIdReplaced,
    int activatedAgain,
    long refused,
    Map<String, Long> calls) {

  /** Every call the worker made, activation polls included. */
  public long totalCalls() {
    return calls.values().stream().mapToLong(Long::longValue).sum();
  }
}
