package dev.seedflow.seedance.request;

/**
 * A request that passed {@link RequestValidator}, with the mode resolved and the values the dialect must send
 * filled in: the dialect's default duration, generate-audio forced on for reference audio, and the aspect ratio
 * in the dialect's own spelling.
 */
public record ValidRequest(ProviderType type, VideoRequest video, Mode mode, Integer duration, Boolean generateAudio, String aspectRatio) {}
