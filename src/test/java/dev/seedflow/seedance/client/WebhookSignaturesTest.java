package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Both hosts' signature schemes against keys and secrets this test makes, served over loopback HTTP
 * as the hosts serve them: fal's JWKS and Replicate's {@code /v1/webhooks/default/secret}. Every
 * way a delivery can fail is refused; the keys are read once, again when they no longer verify (at
 * most once a minute), and after 24 hours.
 */
class WebhookSignaturesTest {
  private static final byte[] BODY =
      "{\"request_id\":\"r-1\",\"status\":\"OK\"}".getBytes(StandardCharsets.UTF_8);
  private final AtomicReference<Instant> now = new AtomicReference<>(Instant.now());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final AtomicReference<String> jwks = new AtomicReference<>();
  private final AtomicReference<String> secretAnswer = new AtomicReference<>();
  private final AtomicInteger keyReads = new AtomicInteger();
  private final AtomicInteger secretReads = new AtomicInteger();
  private HttpServer server;
  private SeedanceClient client;
  private WebhookSignatures signatures;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/.well-known/jwks.json",
        exchange -> {
          keyReads.incrementAndGet();
          answer(exchange, jwks.get());
        });
    server.createContext(
        "/v1/webhooks/default/secret",
        exchange -> {
          secretReads.incrementAndGet();
          boolean keyed =
              "Bearer r8_key".equals(exchange.getRequestHeaders().getFirst("Authorization"));
          answer(exchange, keyed ? secretAnswer.get() : null);
        });
    server.start();
    client =
        new SeedanceClient(
            ClientSettings.forLocalRun()
                .withRetries(
                    new RetryPolicy(1, Duration.ZERO, Duration.ZERO),
                    new RetryPolicy(1, Duration.ZERO, Duration.ZERO)));
    signatures = new WebhookSignatures(client, base() + "/.well-known/jwks.json", clock);
  }

  private static void answer(com.sun.net.httpserver.HttpExchange exchange, String body)
      throws java.io.IOException {
    try (exchange) {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body == null ? 503 : 200, bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) exchange.getResponseBody().write(bytes);
    }
  }

  @AfterEach
  void stop() {
    server.stop(0);
    client.close();
  }

  private String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private ProviderConfig fal() {
    return new ProviderConfig(ProviderType.FAL, base(), "fal_key");
  }

  private ProviderConfig replicate() {
    return new ProviderConfig(ProviderType.REPLICATE, base(), "r8_key");
  }

  private static String jwksOf(KeyPair... pairs) {
    StringBuilder keys = new StringBuilder();
    for (KeyPair pair : pairs) {
      byte[] encoded = pair.getPublic().getEncoded();
      String x =
          Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(Arrays.copyOfRange(encoded, encoded.length - 32, encoded.length));
      keys.append(keys.isEmpty() ? "" : ",")
          .append("{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"")
          .append(x)
          .append("\"}");
    }
    return "{\"keys\":[{\"kty\":\"RSA\",\"n\":\"AQAB\"}," + keys + "]}";
  }

  private Map<String, String> falHeaders(KeyPair key, byte[] body, long timestamp)
      throws Exception {
    String message =
        String.join(
            "\n",
            "r-1",
            "u-1",
            String.valueOf(timestamp),
            HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body)));
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initSign(key.getPrivate());
    ed25519.update(message.getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(
        Map.of(
            "x-fal-webhook-request-id",
            "r-1",
            "X-FAL-WEBHOOK-USER-ID",
            "u-1",
            "X-Fal-Webhook-Timestamp",
            String.valueOf(timestamp),
            "X-Fal-Webhook-Signature",
            HexFormat.of().formatHex(ed25519.sign())));
    return headers;
  }

  private static Map<String, String> standardHeaders(
      byte[] secret, String id, long timestamp, byte[] body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(secret, "HmacSHA256"));
    mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.putAll(
        Map.of(
            "webhook-id",
            id,
            "webhook-timestamp",
            String.valueOf(timestamp),
            "webhook-signature",
            "v1,bm90IGl0 v1," + Base64.getEncoder().encodeToString(mac.doFinal(body))));
    return headers;
  }

  private long seconds() {
    return now.get().getEpochSecond();
  }

  @Test
  void falsSignatureHoldsOnceAndEveryAlterationIsRefused() throws Exception {
    KeyPair fal = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair forger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jwks.set(jwksOf(fal));
    Map<String, String> good = falHeaders(fal, BODY, seconds());
    assertThat(signatures.verify(fal(), good, BODY)).isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(signatures.verify(fal(), good, BODY))
        .as("the same delivery again")
        .isInstanceOf(WebhookVerdict.Replayed.class);
    assertThat(signatures.verify(fal(), falHeaders(forger, BODY, seconds()), BODY))
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(
            signatures.verify(
                fal(),
                falHeaders(fal, BODY, seconds() + 1),
                "{\"status\":\"OK\",\"payload\":1}".getBytes(StandardCharsets.UTF_8)))
        .as("another body")
        .isInstanceOf(WebhookVerdict.Forged.class);
    Map<String, String> otherRequest = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    otherRequest.putAll(falHeaders(fal, BODY, seconds() + 2));
    otherRequest.put("X-Fal-Webhook-Request-Id", "r-2");
    assertThat(signatures.verify(fal(), otherRequest, BODY))
        .as("another request id")
        .isInstanceOf(WebhookVerdict.Forged.class);
    Map<String, String> missing = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    missing.putAll(falHeaders(fal, BODY, seconds() + 3));
    missing.remove("X-Fal-Webhook-User-Id");
    assertThat(signatures.verify(fal(), missing, BODY)).isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(signatures.verify(fal(), falHeaders(fal, BODY, seconds() - 301), BODY))
        .as("over 5 minutes old")
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(signatures.verify(fal(), falHeaders(fal, BODY, seconds() + 301), BODY))
        .as("over 5 minutes ahead")
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(signatures.verify(fal(), falHeaders(fal, BODY, seconds() - 299), BODY))
        .as("fal's own retry, signed anew: the same delivery")
        .isInstanceOf(WebhookVerdict.Replayed.class);
    byte[] other = "{\"request_id\":\"r-1\",\"status\":\"ERROR\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(signatures.verify(fal(), falHeaders(fal, other, seconds() - 299), other))
        .as("within 5 minutes")
        .isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(keyReads)
        .as("fal's keys were read once: a forgery within the minute reads them no more")
        .hasValue(1);
  }

  @Test
  void aKeyThatRotatesInIsTakenAndTheKeysAreReadAgainAfterADay() throws Exception {
    KeyPair old = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    KeyPair rotated = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    byte[][] bodies = new byte[6][];
    for (int n = 0; n < bodies.length; n++)
      bodies[n] =
          ("{\"request_id\":\"r-1\",\"attempt\":" + n + "}").getBytes(StandardCharsets.UTF_8);
    jwks.set(jwksOf(old));
    assertThat(signatures.verify(fal(), falHeaders(old, bodies[0], seconds()), bodies[0]))
        .isInstanceOf(WebhookVerdict.Verified.class);
    jwks.set(jwksOf(old, rotated));
    assertThat(signatures.verify(fal(), falHeaders(rotated, bodies[1], seconds()), bodies[1]))
        .as("within the minute: not read again")
        .isInstanceOf(WebhookVerdict.Forged.class);
    now.set(now.get().plusSeconds(61));
    assertThat(signatures.verify(fal(), falHeaders(rotated, bodies[2], seconds()), bodies[2]))
        .isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(keyReads).hasValue(2);
    jwks.set(jwksOf(rotated));
    now.set(now.get().plus(Duration.ofHours(24)).plusSeconds(1));
    assertThat(signatures.verify(fal(), falHeaders(rotated, bodies[3], seconds()), bodies[3]))
        .isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(keyReads).as("kept at most 24 hours").hasValue(3);
    assertThat(signatures.verify(fal(), falHeaders(old, bodies[4], seconds() + 1), bodies[4]))
        .as("a key retired from the JWKS")
        .isInstanceOf(WebhookVerdict.Forged.class);
  }

  @Test
  void keysThatCannotBeReadLeaveADeliveryUnverifiedNotTaken() throws Exception {
    KeyPair fal = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jwks.set(null);
    assertThat(signatures.verify(fal(), falHeaders(fal, BODY, seconds()), BODY))
        .isInstanceOf(WebhookVerdict.Unverifiable.class);
    jwks.set("{\"keys\": \"not a list\"}");
    assertThat(signatures.verify(fal(), falHeaders(fal, BODY, seconds() + 1), BODY))
        .isInstanceOf(WebhookVerdict.Unverifiable.class);
    secretAnswer.set(null);
    assertThat(
            signatures.verify(
                replicate(), standardHeaders(new byte[32], "msg_1", seconds(), BODY), BODY))
        .isInstanceOf(WebhookVerdict.Unverifiable.class);
  }

  @Test
  void replicatesSignatureHoldsWithTheAccountsSecretReadOnce() throws Exception {
    byte[] secret = "a secret of thirty-two bytes....".getBytes(StandardCharsets.UTF_8);
    secretAnswer.set("{\"key\": \"whsec_" + Base64.getEncoder().encodeToString(secret) + "\"}");
    Map<String, String> good = standardHeaders(secret, "msg_1", seconds(), BODY);
    assertThat(signatures.verify(replicate(), good, BODY))
        .isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(signatures.verify(replicate(), good, BODY))
        .as("the same webhook-id again")
        .isInstanceOf(WebhookVerdict.Replayed.class);
    assertThat(
            signatures.verify(replicate(), standardHeaders(secret, "msg_2", seconds(), BODY), BODY))
        .isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(
            signatures.verify(
                replicate(),
                standardHeaders(
                    "another secret of 32 bytes......".getBytes(StandardCharsets.UTF_8),
                    "msg_3",
                    seconds(),
                    BODY),
                BODY))
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(
            signatures.verify(
                replicate(), standardHeaders(secret, "msg_4", seconds() - 400, BODY), BODY))
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(
            signatures.verify(
                replicate(),
                standardHeaders(secret, "msg_5", seconds(), BODY),
                "{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(signatures.verify(replicate(), Map.of(), BODY))
        .isInstanceOf(WebhookVerdict.Forged.class);
    assertThat(secretReads).as("read once, with the account's key").hasValue(1);
    assertThat(signatures.verify(new ProviderConfig(ProviderType.ARK, base(), "k"), Map.of(), BODY))
        .isInstanceOf(WebhookVerdict.Unsigned.class);
  }

  @Test
  void aRotatedReplicateSecretIsReadAgainAtMostOnceAMinute() throws Exception {
    byte[] first = "the first secret of 32 bytes....".getBytes(StandardCharsets.UTF_8);
    byte[] second = "the second secret of 32 bytes...".getBytes(StandardCharsets.UTF_8);
    secretAnswer.set("{\"key\": \"whsec_" + Base64.getEncoder().encodeToString(first) + "\"}");
    assertThat(
            signatures.verify(replicate(), standardHeaders(first, "msg_1", seconds(), BODY), BODY))
        .isInstanceOf(WebhookVerdict.Verified.class);
    secretAnswer.set("{\"key\": \"whsec_" + Base64.getEncoder().encodeToString(second) + "\"}");
    for (int i = 0; i < 20; i++) {
      assertThat(
              signatures.verify(
                  replicate(), standardHeaders(second, "msg_r" + i, seconds(), BODY), BODY))
          .isInstanceOf(WebhookVerdict.Forged.class);
    }
    assertThat(secretReads).as("a flood within the minute reads it no more").hasValue(1);
    now.set(now.get().plusSeconds(61));
    assertThat(
            signatures.verify(replicate(), standardHeaders(second, "msg_2", seconds(), BODY), BODY))
        .isInstanceOf(WebhookVerdict.Verified.class);
    assertThat(secretReads).hasValue(2);
  }
}
