package dev.seedflow.seedance.client.dialect;

/**
 * How an API signs the callbacks it sends. Ark signs nothing, so its callbacks are hints that a
 * read confirms; fal and Replicate sign theirs, and a verified delivery is the host's own word.
 */
public sealed interface WebhookSigning {
  WebhookSigning NONE = new None();

  /** Unsigned (Ark): only the callback URL's own token tells a real callback from a made-up one. */
  record None() implements WebhookSigning {}

  /**
   * fal (fal, "Webhooks", verifying): an Ed25519 signature, hex, in {@code
   * X-Fal-Webhook-Signature}, over the request id, user id and timestamp headers and the body's
   * SHA-256 (hex), each on a line, by a key of fal's published JWKS.
   */
  record FalEd25519() implements WebhookSigning {}

  /**
   * Standard Webhooks (Replicate, "Verifying webhooks"): an HMAC-SHA256, base64, in {@code
   * webhook-signature}, over {@code <webhook-id>.<webhook-timestamp>.<body>}, with the account's
   * signing secret, read with the key at {@code secretPath}.
   */
  record StandardWebhooks(String secretPath) implements WebhookSigning {}
}
