package dev.seedflow.seedance.signing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.OptionalLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An element instance key signed for one purpose with a shared key (HMAC-SHA256, 128 bits kept), as
 * one URL-safe segment {@code <element instance key>.<signature>}. Ark signs nothing it sends, so a
 * token we put in a callback URL is what tells a URL we gave out from one made up; the purpose
 * keeps a token for one place from opening another.
 */
public final class SignedTokens {
  /**
   * The shortest key a caller may sign with: a shorter one could be guessed by whoever collects
   * many signed URLs.
   */
  public static final int SHORTEST_SECRET = 32;

  private static final String ALGORITHM = "HmacSHA256";
  private static final int SIGNATURE_BYTES = 16;
  private final SecretKeySpec key;
  private final String purpose;

  /**
   * @param secret the shared key, checked by the caller (which knows the setting's name for its
   *     message)
   * @param purpose what the tokens open, for example {@code seedflow-callback}
   */
  public SignedTokens(String secret, String purpose) {
    this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
    this.purpose = purpose;
  }

  public String issue(long elementInstanceKey) {
    return elementInstanceKey
        + "."
        + Base64.getUrlEncoder().withoutPadding().encodeToString(signature(elementInstanceKey));
  }

  /**
   * The element instance a token was issued for, or empty for a token not issued for this purpose
   * with this key.
   */
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
    return MessageDigest.isEqual(given, signature(elementInstanceKey))
        ? OptionalLong.of(elementInstanceKey)
        : OptionalLong.empty();
  }

  private byte[] signature(long elementInstanceKey) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return Arrays.copyOf(
          mac.doFinal((purpose + "/" + elementInstanceKey).getBytes(StandardCharsets.UTF_8)),
          SIGNATURE_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
