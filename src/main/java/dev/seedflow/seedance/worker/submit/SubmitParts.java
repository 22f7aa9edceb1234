package dev.seedflow.seedance.worker.submit;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.worker.engine.JobCommands;
import dev.seedflow.seedance.worker.engine.JobFinisher;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.function.BooleanSupplier;

/**
 * What every {@link Submission} uses, built once by the wiring: the provider's client, the engine's
 * commands and the job's end, the line for room, the create threads, the window's timing, the job
 * timeout, whether the worker is stopping, and the clock.
 */
public record SubmitParts(
    SeedanceClient seedance,
    JobCommands commands,
    JobFinisher finisher,
    ProviderQueue queue,
    ExecutorService createThreads,
    SubmitWindow window,
    Duration jobTimeout,
    BooleanSupplier stopping,
    Clock clock) {}
