package dev.seedflow.seedance.request;

/**
 * A request that passed {@link RequestValidator}, as it will be sent: the mode resolved, the dialect's default
 * duration filled in, generate-audio forced on for reference audio, and the aspect ratio in the dialect's own
 * spelling. The dialects read everything from {@link #video()}, and only from there.
 */
public record ValidRequest(VideoRequest video) {}
