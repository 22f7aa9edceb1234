package dev.seedflow.seedance.worker.callbacks;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token in a task's callback URL: the element instance of the job that created the task, signed with the
 * replicas' shared key (HMAC-SHA256, 128 bits kept). Ark does not sign its callbacks, so the token is what tells a URL
 * we gave out from one made up: a made-up one is refused before anything is read. A real token only ever leads to one
 * read of a task a worker already waits on, bound to that element instance, whatever the body claims.
 */
public final class CallbackTokens {
  private static final String ALGORITHM = "HmacSHA256";
  private static final int SIGNATURE_BYTES = 16;
  private final SecretKeySpec key;

  public CallbackTokens(String secret) {
    if (secret == null || secret.length() < CallbackSettings.SHORTEST_SECRET) {
      throw SeedanceException.of(ErrorCode.INVALID_INPUT, "seedflow.worker.callbacks.secret must be set, " + CallbackSettings.SHORTEST_SECRET
          + " characters or more, when seedflow.worker.callbacks.url is: it signs the callback URLs, the same on every replica").build();
    }
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
  }

  /** {@code <element instance key>.<signature>}: one URL-safe path segment. */
  public String issue(long elementInstanceKey) {
    return elementInstanceKey + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(elementInstanceKey));
  }

  /** The element instance a token was issued for, or empty for a token we did not issue. */
  public OptionalLong verify(String token) {
    int dot = token == null ? -1 : token.indexOf('.');
    if (dot <= 0 || dot > 20) return OptionalLong.empty();
    long elementInstanceKey;
    byte[] given;
    try {
      elementInstanceKey = Long.parseLong(token.substring(0, dot));
      given = Base64.getUrlDecoder().decode(token.substring(dot + 1));
    } catch (IllegalArgumentException malformed) {
      return OptionalLong.empty();
    }
    return MessageDigest.isEqual(given, signature(elementInstanceKey)) ? OptionalLong.of(elementInstanceKey) : OptionalLong.empty();
  }

  private byte[] signature(long elementInstanceKey) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Arrays.copyOf(mac.doFinal(("seedflow-callback/" + elementInstanceKey).getBytes(StandardCharsets.UTF_8)), SIGNATURE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
