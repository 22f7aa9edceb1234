package dev.seedflow.seedance.simulator;

/**
 * What the simulated provider understood from a create call.
 *
 * @param outputFormat the file format of the video: mp4, or mov where the model takes {@code
 *     output_format}
 */
record CreateSpec(
    String model,
    String prompt,
    int duration,
    String resolution,
    String ratio,
    Long seed,
    boolean generateAudio,
    boolean returnLastFrame,
    String serviceTier,
    Long executionExpiresAfter,
    String outputFormat) {

  /** An MP4, as every host makes where nothing else is asked. */
  CreateSpec(
      String model,
      String prompt,
      int duration,
      String resolution,
      String ratio,
      Long seed,
      boolean generateAudio,
      boolean returnLastFrame,
      String serviceTier,
      Long executionExpiresAfter) {
    this(
        model,
        prompt,
        duration,
        resolution,
        ratio,
        seed,
        generateAudio,
        returnLastFrame,
        serviceTier,
        executionExpiresAfter,
        "mp4");
  }
}
