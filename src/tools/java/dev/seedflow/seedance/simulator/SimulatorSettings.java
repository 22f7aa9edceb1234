package dev.seedflow.seedance.simulator;

import java.time.Duration;

/**
 * How the simulator behaves. Times are simulated: with {@code timeScale} 60 a minute of provider
 * time passes in one real second.
 *
 * @param apiKey the key the simulator accepts; null accepts any non-empty Bearer token
 */
public record SimulatorSettings(
    Duration queueTime,
    Duration minRunTime,
    Duration maxRunTime,
    double timeScale,
    long randomSeed,
    String apiKey) {

  public SimulatorSettings {
    if (timeScale <= 0) throw new IllegalArgumentException("timeScale must be positive");
    if (maxRunTime.compareTo(minRunTime) < 0)
      throw new IllegalArgumentException("maxRunTime must not be below minRunTime");
  }

  /**
   * Like Seedance 2.0 fast at 720p on an idle queue: a few seconds queued, 35 to 75 seconds
   * running.
   */
  public static SimulatorSettings realistic() {
    return new SimulatorSettings(
        Duration.ofSeconds(5), Duration.ofSeconds(35), Duration.ofSeconds(75), 1.0, 42, null);
  }

  public SimulatorSettings withTimeScale(double scale) {
    return new SimulatorSettings(queueTime, minRunTime, maxRunTime, scale, randomSeed, apiKey);
  }

  public SimulatorSettings withTimes(Duration queue, Duration minRun, Duration maxRun) {
    return new SimulatorSettings(queue, minRun, maxRun, timeScale, randomSeed, apiKey);
  }

  public SimulatorSettings withApiKey(String key) {
    return new SimulatorSettings(queueTime, minRunTime, maxRunTime, timeScale, randomSeed, key);
  }
}
