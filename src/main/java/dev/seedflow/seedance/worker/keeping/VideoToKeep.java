package dev.seedflow.seedance.worker.keeping;

import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.worker.engine.JobRef;
import java.time.Instant;

/**
 * What keeping a finished task's video needs of the job that waited for it.
 *
 * @param keep what to keep as documents
 * @param estimate the estimate made before the task was submitted, for the result; null for an
 *     await
 * @param extendTimeoutAt when the wait would next have extended the job's timeout: keeping takes
 *     over from there
 */
public record VideoToKeep(
    JobRef job,
    ProviderConfig provider,
    KeepPlan keep,
    CostEstimate estimate,
    Instant extendTimeoutAt) {}
