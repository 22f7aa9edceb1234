package dev.seedflow.seedance.simulator;

/** What the simulated provider understood from a create call. */
record CreateSpec(String model, String prompt, int duration, String resolution, String ratio, Long seed, boolean generateAudio,
    boolean returnLastFrame, String serviceTier, Long executionExpiresAfter) {}
