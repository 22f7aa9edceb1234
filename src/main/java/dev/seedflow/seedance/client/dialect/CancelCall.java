package dev.seedflow.seedance.client.dialect;

/**
 * How an API cancels a task: Ark with DELETE on the task, fal with PUT and Replicate with POST on a
 * cancel path.
 */
public record CancelCall(String method, String path) {}
