package dev.seedflow.seedance.simulator;

import java.time.Instant;

/**
 * One request the simulator received, for tests to inspect. The Authorization header is not kept,
 * only whether it was accepted, so a log of the simulator can never leak a key.
 */
public record RecordedRequest(
    Instant at,
    RequestKind kind,
    String method,
    String path,
    String query,
    String body,
    boolean authorized) {}
