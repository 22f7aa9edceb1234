package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.client.dialect.WebhookSigning;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.replay.DeliveryIds;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.signing.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Checks the signatures the hosts put on their callbacks, before anything of the callback is used
 * or read:
 *
 * <ul>
 *   <li>fal: Ed25519 by a key of fal's published JWKS, kept at most {@link #KEYS_KEPT}, fetched
 *       again at once (at most once a minute) when no key it holds verifies, so a key that rotates
 *       in is taken;
 *   <li>Replicate: Standard Webhooks, with the account's signing secret read once with its key and
 *       kept (fetched again, at most once a minute, when it no longer verifies: a rotated secret).
 * </ul>
 *
 * Both allow {@link #TOLERANCE} of clock skew either way, and a delivery taken once is refused
 * after (fal's by its request id and body, since fal signs each attempt anew; Replicate's by its
 * {@code webhook-id}). The API key is never kept: a secret is filed under a digest of it.
 */
public final class WebhookSignatures {
  /** Where fal publishes its webhook keys (fal, "Webhooks"). */
  public static final String FAL_KEYS = "https://rest.alpha.fal.ai/.well-known/jwks.json";

  static final Duration TOLERANCE = Duration.ofMinutes(5);
  static final Duration KEYS_KEPT = Duration.ofHours(24);
  static final Duration REFETCH_SPACING = Duration.ofMinutes(1);

  /** A JWKS or a secret is a few hundred bytes. */
  private static final long LARGEST_KEYS = 64 * 1024;

  /** The DER prefix of an X.509 Ed25519 public key, before its 32 raw bytes (RFC 8410). */
  private static final byte[] ED25519_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

  private record Keys(List<PublicKey> keys, Instant fetchedAt) {}

  private record Secret(byte[] key, Instant fetchedAt) {}

  private final SeedanceClient client;
  private final HttpUrl falKeys;
  private final Clock clock;
  private final OkHttpClient http;
  private final DeliveryIds seen = new DeliveryIds();
  private volatile Keys fal = new Keys(List.of(), Instant.EPOCH);
  private final Map<String, Secret> secrets = new ConcurrentHashMap<>();

  /**
   * @param client reads an account's signing secret, with its key
   * @param falKeys where fal's JWKS is ({@link #FAL_KEYS}; the local runner's simulator publishes
   *     its own)
   */
  public WebhookSignatures(SeedanceClient client, String falKeys, Clock clock) {
    this.client = client;
    this.falKeys = HttpUrl.get(falKeys);
    this.clock = clock;
    this.http = ProviderHttp.SHARED.newBuilder().callTimeout(Duration.ofSeconds(10)).build();
  }

  /**
   * @param headers the delivery's headers, looked up case-insensitively
   */
  public WebhookVerdict verify(ProviderConfig provider, Map<String, String> headers, byte[] body) {
    return switch (Dialect.of(provider.type()).webhookSigning()) {
      case WebhookSigning.None none -> new WebhookVerdict.Unsigned();
      case WebhookSigning.FalEd25519 ed25519 -> fal(headers, body);
      case WebhookSigning.StandardWebhooks standard ->
          standard(provider, standard.secretPath(), headers, body);
    };
  }

  private WebhookVerdict fal(Map<String, String> headers, byte[] body) {
    String requestId = headers.get("X-Fal-Webhook-Request-Id");
    String userId = headers.get("X-Fal-Webhook-User-Id");
    String timestamp = headers.get("X-Fal-Webhook-Timestamp");
    String signature = headers.get("X-Fal-Webhook-Signature");
    if (requestId == null || userId == null || timestamp == null || signature == null) {
      return new WebhookVerdict.Forged(
          "fal's signature headers (X-Fal-Webhook-Request-Id, -User-Id, -Timestamp, -Signature) are"
              + " missing");
    }
    WebhookVerdict stale = staleness(timestamp);
    if (stale != null) return stale;
    byte[] signed;
    String bodyDigest = Sha256.hex(body);
    byte[] message =
        String.join("\n", requestId, userId, timestamp, bodyDigest)
            .getBytes(StandardCharsets.UTF_8);
    try {
      signed = HexFormat.of().parseHex(signature.trim());
    } catch (IllegalArgumentException notHex) {
      return new WebhookVerdict.Forged("X-Fal-Webhook-Signature is not hex");
    }
    Keys keys = fal;
    if (keys.keys().isEmpty() || clock.instant().isAfter(keys.fetchedAt().plus(KEYS_KEPT)))
      keys = fetchFalKeys(keys);
    if (keys == null)
      return new WebhookVerdict.Unverifiable(
          "fal's webhook keys could not be read from " + falKeys);
    boolean holds = verifiesWithAny(keys.keys(), message, signed);
    if (!holds && clock.instant().isAfter(keys.fetchedAt().plus(REFETCH_SPACING))) {
      keys = fetchFalKeys(keys); // a key that rotated in since they were read
      if (keys == null)
        return new WebhookVerdict.Unverifiable(
            "fal's webhook keys could not be read again from " + falKeys);
      holds = verifiesWithAny(keys.keys(), message, signed);
    }
    // fal signs each attempt anew (its timestamp changes), so a delivery is the request and its
    // body, however often sent.
    return holds
        ? taken("fal:" + requestId + ":" + bodyDigest)
        : new WebhookVerdict.Forged("no key of fal's JWKS verifies X-Fal-Webhook-Signature");
  }

  private WebhookVerdict standard(
      ProviderConfig provider, String secretPath, Map<String, String> headers, byte[] body) {
    String id = headers.get("webhook-id");
    String timestamp = headers.get("webhook-timestamp");
    String signatures = headers.get("webhook-signature");
    if (id == null || timestamp == null || signatures == null) {
      return new WebhookVerdict.Forged(
          "the Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature) are"
              + " missing");
    }
    WebhookVerdict stale = staleness(timestamp);
    if (stale != null) return stale;
    String account = provider.account();
    Secret secret = secrets.get(account);
    boolean fresh = false;
    try {
      if (secret == null) {
        secret = fetchSecret(provider, secretPath);
        secrets.put(account, secret);
        fresh = true;
      }
      byte[] content = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
      boolean holds = standardHolds(secret.key(), content, body, signatures);
      if (!holds && !fresh && clock.instant().isAfter(secret.fetchedAt().plus(REFETCH_SPACING))) {
        secret = fetchSecret(provider, secretPath); // a secret rotated since it was read
        secrets.put(account, secret);
        holds = standardHolds(secret.key(), content, body, signatures);
      }
      return holds
          ? taken("standard:" + id)
          : new WebhookVerdict.Forged(
              "webhook-signature does not hold for the account's signing secret");
    } catch (SeedanceException unreadable) {
      return new WebhookVerdict.Unverifiable(
          "the account's webhook signing secret could not be read: " + unreadable.getMessage());
    }
  }

  /** A delivery whose signature held: taken the first time, refused after. */
  private WebhookVerdict taken(String deliveryId) {
    return seen.firstTime(deliveryId)
        ? new WebhookVerdict.Verified(deliveryId)
        : new WebhookVerdict.Replayed(deliveryId);
  }

  /** Null when the timestamp (Unix seconds) is within the tolerance of this clock, else why not. */
  private WebhookVerdict staleness(String timestamp) {
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.trim());
    } catch (NumberFormatException notSeconds) {
      return new WebhookVerdict.Forged("the signature's timestamp is not Unix seconds");
    }
    long skew = Math.abs(clock.instant().getEpochSecond() - seconds);
    return skew <= TOLERANCE.toSeconds()
        ? null
        : new WebhookVerdict.Forged(
            "the signature's timestamp is "
                + skew
                + " s from this clock, more than the "
                + TOLERANCE.toMinutes()
                + " minutes allowed");
  }

  private static boolean standardHolds(byte[] key, byte[] content, byte[] body, String signatures) {
    byte[] expected;
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(content);
      expected = mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
    for (String entry : signatures.trim().split(" +")) {
      int comma = entry.indexOf(',');
      if (comma < 0 || !entry.substring(0, comma).equals("v1")) continue;
      try {
        if (MessageDigest.isEqual(expected, Base64.getDecoder().decode(entry.substring(comma + 1))))
          return true;
      } catch (IllegalArgumentException notBase64) {
        // another entry may hold
      }
    }
    return false;
  }

  private static boolean verifiesWithAny(List<PublicKey> keys, byte[] message, byte[] signature) {
    for (PublicKey key : keys) {
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(message);
        if (ed25519.verify(signature)) return true;
      } catch (GeneralSecurityException wrongShape) {
        // not this key
      }
    }
    return false;
  }

  /** fal's JWKS, read now; null when it cannot be read (the keys held stay as they were). */
  private synchronized Keys fetchFalKeys(Keys seenBefore) {
    if (fal != seenBefore) return fal; // another delivery fetched them meanwhile
    try (Response response =
        http.newCall(
                new Request.Builder().url(falKeys).header("Accept", "application/json").build())
            .execute()) {
      if (!response.isSuccessful()) return null;
      JsonNode jwks = ProviderJson.read(BoundedBody.read(response, LARGEST_KEYS));
      List<PublicKey> keys = new ArrayList<>();
      for (JsonNode jwk : jwks.path("keys")) {
        if (!jwk.path("kty").asText().equals("OKP") || !jwk.path("crv").asText().equals("Ed25519"))
          continue;
        try {
          byte[] raw = Base64.getUrlDecoder().decode(jwk.path("x").asText());
          if (raw.length != 32) continue;
          byte[] der = new byte[ED25519_PREFIX.length + 32];
          System.arraycopy(ED25519_PREFIX, 0, der, 0, ED25519_PREFIX.length);
          System.arraycopy(raw, 0, der, ED25519_PREFIX.length, 32);
          keys.add(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der)));
        } catch (IllegalArgumentException | GeneralSecurityException notAKey) {
          // skipped: the others may serve
        }
      }
      if (keys.isEmpty()) return null;
      fal = new Keys(List.copyOf(keys), clock.instant());
      return fal;
    } catch (IOException | BoundedBody.TooLarge | RuntimeException unreadable) {
      return null;
    }
  }

  private Secret fetchSecret(ProviderConfig provider, String secretPath) {
    String key = client.webhookSecret(provider, secretPath);
    String encoded = key.startsWith("whsec_") ? key.substring("whsec_".length()) : key;
    try {
      return new Secret(Base64.getDecoder().decode(encoded), clock.instant());
    } catch (IllegalArgumentException notBase64) {
      throw SeedanceException.of(
              ErrorCode.BAD_RESPONSE,
              "the provider's webhook signing secret is not whsec_ and base64")
          .build();
    }
  }
}
