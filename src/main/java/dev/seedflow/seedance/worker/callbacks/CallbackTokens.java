package dev.seedflow.seedance.worker.callbacks;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.signing.SignedTokens;
import java.util.OptionalLong;

/**
 * The token in a task's callback URL to the workers: the element instance of the job that created
 * the task, signed with the replicas' shared key. A made-up token is refused before anything is
 * read; a real one only ever leads to one read of a task a worker already waits on, bound to that
 * element instance, whatever the body claims.
 */
public final class CallbackTokens {
  private final SignedTokens tokens;

  public CallbackTokens(String secret) {
    if (secret == null || secret.length() < SignedTokens.SHORTEST_SECRET) {
      throw SeedanceException.of(
              ErrorCode.INVALID_INPUT,
              "seedflow.worker.callbacks.secret must be set, "
                  + SignedTokens.SHORTEST_SECRET
                  + " characters or more, when seedflow.worker.callbacks.url is: it signs the"
                  + " callback URLs, the same on every replica")
          .build();
    }
    this.tokens = new SignedTokens(secret, "seedflow-callback");
  }

  /** {@code <element instance key>.<signature>}: one URL-safe path segment. */
  public String issue(long elementInstanceKey) {
    return tokens.issue(elementInstanceKey);
  }

  /** The element instance a token was issued for, or empty for a token we did not issue. */
  public OptionalLong verify(String token) {
    return tokens.verify(token);
  }
}
