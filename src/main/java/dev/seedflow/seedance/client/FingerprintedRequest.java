package dev.seedflow.seedance.client;

import dev.seedflow.seedance.request.VideoRequest;

/** A create as it will be sent, with the seed the worker picked where the designer left it to chance, and its fingerprint. */
public record FingerprintedRequest(VideoRequest video, CreateFingerprint fingerprint) {}
