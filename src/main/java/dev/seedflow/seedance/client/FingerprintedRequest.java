package dev.seedflow.seedance.client;

import dev.seedflow.seedance.request.ValidRequest;

/**
 * A create as it will be sent, with the seed the worker picked where the designer left it to
 * chance, and its fingerprint.
 */
public record FingerprintedRequest(ValidRequest request, CreateFingerprint fingerprint) {}
