package dev.seedflow.seedance.client;

/**
 * What checking a callback's signature found: a closed set, each answered and counted its own way.
 */
public sealed interface WebhookVerdict {
  /** The provider signs nothing (Ark): the callback is a hint, and a read decides. */
  record Unsigned() implements WebhookVerdict {}

  /**
   * The provider's signature holds, its time is within the tolerance, and it was not taken before.
   */
  record Verified(String deliveryId) implements WebhookVerdict {}

  /**
   * No signature, a signature that does not hold, or a time outside the tolerance: refused before
   * anything is read.
   */
  record Forged(String why) implements WebhookVerdict {}

  /** A delivery taken once already: the host's own retry after a lost answer, or a replay. */
  record Replayed(String deliveryId) implements WebhookVerdict {}

  /**
   * The keys or the secret to check it could not be had now: the host is asked to deliver it again
   * later.
   */
  record Unverifiable(String why) implements WebhookVerdict {}
}
