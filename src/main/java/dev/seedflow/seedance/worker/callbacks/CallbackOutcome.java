package dev.seedflow.seedance.worker.callbacks;

/** What became of one callback: a closed set, so it can tag a meter. */
public enum CallbackOutcome {
  /** Its task is waited on here: read now, and only that read decides. */
  CONFIRMING(200, "read now to confirm"),
  /**
   * A host's delivery whose signature holds, for a task waited on here: taken as the answer of a
   * read.
   */
  VERIFIED(200, "signature verified; taken as the task's answer"),
  /** Not waited on here: passed to the other replicas. */
  PASSED_TO_PEERS(200, "passed to the other replicas"),
  /**
   * Not waited on here, and the peers already had as many callbacks in flight as they are given:
   * dropped, and counted. The worker that waits on the task finds its end by its own reads.
   */
  PEERS_BUSY(
      200,
      "not waited on here; the other replicas are busy, so it was dropped (their reads find the"
          + " task)"),
  /**
   * A final callback for the same URL was taken in the last second, or a signed delivery was taken
   * before: a provider's repeat, or a replay. Nothing is done.
   */
  REPEATED(200, "taken once in the last second already"),
  /**
   * Not waited on here, nor passed on (no peers, or passed on already): a repeat after the end, or
   * another worker's.
   */
  NOT_WAITED_HERE(200, "not waited on here"),
  /** A status that is not an end: the fallback reads see it when it matters. */
  NOT_FINAL(200, "noted; only an end is confirmed"),
  /** A URL no worker gave out: nothing is read. */
  FORGED(403, "not a callback URL of ours"),
  /**
   * A callback to a URL of ours for a task on a host that signs its callbacks, whose signature is
   * missing, does not hold, or is outside the time allowed: nothing is read.
   */
  SIGNATURE_REFUSED(401, "the signature does not hold; nothing was read"),
  /**
   * The host's keys or secret could not be had to check the signature: the host delivers it again
   * later, and the reads go on.
   */
  UNVERIFIABLE(503, "the signature cannot be checked now; deliver it again later"),
  /** No task id, or not JSON. */
  MALFORMED(400, "the body is not a task: a JSON object with id and status");

  final int httpStatus;
  final String reply;

  CallbackOutcome(int httpStatus, String reply) {
    this.httpStatus = httpStatus;
    this.reply = reply;
  }

  /** The tag value: lower case, as the other meters' tags. */
  public String tag() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
