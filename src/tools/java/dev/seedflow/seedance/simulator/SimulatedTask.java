package dev.seedflow.seedance.simulator;

import java.time.Duration;
import java.time.Instant;

/**
 * A task of the simulator. Its state is computed from the simulated clock when it is read, so a
 * million waiting tasks cost memory but no threads.
 */
final class SimulatedTask {
  enum State {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED,
    EXPIRED;

    boolean isFinal() {
      return this != QUEUED && this != RUNNING;
    }
  }

  record Reading(State state, int progress) {}

  final String id;
  final WireFormat dialect;
  final String model;
  final Instant createdAt;
  final TaskScript script;
  final int durationSeconds;
  final String resolution;
  final String ratio;
  final long seed;
  final boolean generateAudio;
  final boolean returnLastFrame;
  final String serviceTier;
  final long executionExpiresAfter;

  /** Where the simulator serves this task's media: its own address. */
  final String mediaBase;

  /** mp4, or mov where it was asked for. */
  final String outputFormat;

  private volatile Instant cancelledAt;

  SimulatedTask(
      String id,
      WireFormat dialect,
      String model,
      Instant createdAt,
      TaskScript script,
      int durationSeconds,
      String resolution,
      String ratio,
      long seed,
      boolean generateAudio,
      boolean returnLastFrame,
      String serviceTier,
      long executionExpiresAfter,
      String mediaBase,
      String outputFormat) {
    this.mediaBase = mediaBase;
    this.outputFormat = outputFormat;
    this.id = id;
    this.dialect = dialect;
    this.model = model;
    this.createdAt = createdAt;
    this.script = script;
    this.durationSeconds = durationSeconds;
    this.resolution = resolution;
    this.ratio = ratio;
    this.seed = seed;
    this.generateAudio = generateAudio;
    this.returnLastFrame = returnLastFrame;
    this.serviceTier = serviceTier;
    this.executionExpiresAfter = executionExpiresAfter;
  }

  Reading readAt(Instant now) {
    if (cancelledAt != null) return new Reading(State.CANCELLED, 0);
    Duration elapsed = Duration.between(createdAt, now);
    Duration queue = script.queueTime();
    Duration end = queue.plus(script.runTime());
    boolean pastExpiry = elapsed.toSeconds() >= executionExpiresAfter;
    if (pastExpiry
        && dialect == WireFormat.REPLICATE
        && (end.toSeconds() > executionExpiresAfter
            || script.outcome() == TaskScript.Outcome.STUCK)) {
      // Replicate's deadline: aborted (shown as expired) if it never started, canceled if it was
      // running.
      return new Reading(
          queue.toSeconds() >= executionExpiresAfter ? State.EXPIRED : State.CANCELLED, 0);
    }
    if (pastExpiry
        && (end.toSeconds() > executionExpiresAfter
            || script.outcome() == TaskScript.Outcome.STUCK)) {
      return new Reading(State.EXPIRED, 0);
    }
    if (elapsed.compareTo(queue) < 0) return new Reading(State.QUEUED, 0);
    if (elapsed.compareTo(end) < 0) {
      double done =
          (double) elapsed.minus(queue).toMillis() / Math.max(1, script.runTime().toMillis());
      return new Reading(State.RUNNING, (int) Math.max(1, Math.min(99, Math.floor(done * 100))));
    }
    return switch (script.outcome()) {
      case SUCCEED, SUCCEED_WITHOUT_VIDEO -> new Reading(State.SUCCEEDED, 100);
      case FAIL -> new Reading(State.FAILED, 100);
      case STUCK -> new Reading(State.RUNNING, 99);
      case EXPIRE -> new Reading(State.EXPIRED, 0);
    };
  }

  Instant updatedAt(Instant now) {
    Instant end = createdAt.plus(script.queueTime()).plus(script.runTime());
    if (cancelledAt != null) return cancelledAt;
    return now.isBefore(end) ? now : end;
  }

  /** Only a queued task can be cancelled, as on Ark. */
  boolean cancelAt(Instant now) {
    if (readAt(now).state() != State.QUEUED) return false;
    cancelledAt = now;
    return true;
  }

  /**
   * A task that has not ended is cancelled, running or not (a host whose app stops on a
   * cancellation signal).
   */
  void stopAt(Instant now) {
    if (!readAt(now).state().isFinal()) cancelledAt = now;
  }

  /** Billing as Ark documents it: (input video s + output s) x width x height x 24 / 1024. */
  long completionTokens() {
    int[] size =
        switch (resolution) {
          case "480p" -> new int[] {864, 480};
          case "1080p" -> new int[] {1920, 1080};
          case "4k" -> new int[] {3840, 2160};
          default -> new int[] {1280, 720};
        };
    return (long) durationSeconds * size[0] * size[1] * 24 / 1024;
  }
}
