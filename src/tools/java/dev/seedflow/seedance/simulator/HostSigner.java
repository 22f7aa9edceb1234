package dev.seedflow.seedance.simulator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs the simulated hosts' webhooks as each host signs its own, with keys made at start: fal's
 * Ed25519 over the request id, user id, timestamp and the body's SHA-256, its public key published
 * as a JWKS; Replicate's Standard Webhooks HMAC over id, timestamp and body, with a {@code whsec_}
 * secret handed out at {@code /v1/webhooks/default/secret}. A forger's signatures are made with a
 * key of its own, as an attacker who knows the URL but not the keys would.
 */
final class HostSigner {
  static final String JWKS_PATH = "/.well-known/jwks.json";
  static final String SECRET_PATH = "/v1/webhooks/default/secret";
  static final String FAL_USER = "simulated-user";

  private final KeyPair fal;
  private final KeyPair forger;
  private final byte[] secret = new byte[32];
  private final byte[] forgedSecret = new byte[32];

  HostSigner() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      fal = generator.generateKeyPair();
      forger = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 is part of every JDK since 15", e);
    }
    SecureRandom random = new SecureRandom();
    random.nextBytes(secret);
    random.nextBytes(forgedSecret);
  }

  /** fal's JWKS: the public key as an OKP key, its raw 32 bytes base64url. */
  ObjectNode jwks() {
    byte[] encoded = fal.getPublic().getEncoded();
    String x =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
    ObjectNode jwks = JsonNodeFactory.instance.objectNode();
    jwks.putArray("keys")
        .addObject()
        .put("kty", "OKP")
        .put("crv", "Ed25519")
        .put("x", x)
        .put("kid", "simulated")
        .put("use", "sig");
    return jwks;
  }

  /** Replicate's answer to {@code GET /v1/webhooks/default/secret}. */
  ObjectNode secret() {
    return JsonNodeFactory.instance
        .objectNode()
        .put("key", "whsec_" + Base64.getEncoder().encodeToString(secret));
  }

  /**
   * fal's four webhook headers for this body, now; {@code forged}: signed with a key fal never
   * published.
   */
  Map<String, String> fal(String requestId, byte[] body, boolean forged) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    String message =
        String.join("\n", requestId, FAL_USER, timestamp, HexFormat.of().formatHex(sha256(body)));
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(forged ? forger.getPrivate() : fal.getPrivate());
      ed25519.update(message.getBytes(StandardCharsets.UTF_8));
      return Map.of(
          "X-Fal-Webhook-Request-Id",
          requestId,
          "X-Fal-Webhook-User-Id",
          FAL_USER,
          "X-Fal-Webhook-Timestamp",
          timestamp,
          "X-Fal-Webhook-Signature",
          HexFormat.of().formatHex(ed25519.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The Standard Webhooks headers for this delivery id and body, now; {@code forged}: with a secret
   * Replicate never gave.
   */
  Map<String, String> standard(String id, byte[] body, boolean forged) {
    String timestamp = String.valueOf(System.currentTimeMillis() / 1000);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(forged ? forgedSecret : secret, "HmacSHA256"));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return Map.of(
          "webhook-id",
          id,
          "webhook-timestamp",
          timestamp,
          "webhook-signature",
          "v1," + Base64.getEncoder().encodeToString(mac.doFinal(body)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
