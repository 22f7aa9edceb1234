package dev.seedflow.seedance.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Seeded task durations in four classes, each written into the task's prompt so the simulator
 * follows it, and the same list serves every pattern compared: fast (10-20 s), typical (30-120 s),
 * slow (5-10 min) and queued for a long time (about 30 minutes queued, then 1-2 minutes running).
 * Provider seconds.
 */
final class TaskTimings {
  static final List<String> CLASSES = List.of("fast", "typical", "slow", "queued long");

  record Timing(String taskClass, double queueSeconds, double runSeconds) {
    double totalSeconds() {
      return queueSeconds + runSeconds;
    }

    String prompt() {
      return String.format(
          Locale.ROOT,
          "A %s clip [sim:queue=%.1f] [sim:run=%.1f]",
          taskClass,
          queueSeconds,
          runSeconds);
    }
  }

  private TaskTimings() {}

  /** {@code perClass} tasks of each class, interleaved, the same for the same seed. */
  static List<Timing> of(int perClass, long seed) {
    Random random = new Random(seed);
    List<Timing> timings = new ArrayList<>();
    for (int i = 0; i < perClass; i++) {
      timings.add(split("fast", 10 + 10 * random.nextDouble(), random));
      timings.add(split("typical", 30 + 90 * random.nextDouble(), random));
      timings.add(split("slow", 300 + 300 * random.nextDouble(), random));
      timings.add(
          new Timing(
              "queued long", 1620 + 360 * random.nextDouble(), 60 + 60 * random.nextDouble()));
    }
    return timings;
  }

  /**
   * {@code count} tasks of 20-120 s, as a provider's idle queue gives them, the same for the same
   * seed.
   */
  static List<Timing> typical(int count, long seed) {
    Random random = new Random(seed);
    List<Timing> timings = new ArrayList<>();
    for (int i = 0; i < count; i++)
      timings.add(split("typical", 20 + 100 * random.nextDouble(), random));
    return timings;
  }

  /** A total split into a short queue (up to a fifth of it, at most 20 s) and the run. */
  private static Timing split(String taskClass, double total, Random random) {
    double queue = Math.min(20, total * 0.2 * random.nextDouble());
    return new Timing(taskClass, queue, total - queue);
  }
}
