package dev.seedflow.seedance.signing;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.util.function.UnaryOperator;

/**
 * The proof on a "video finished" event's callback URL. Ark signs nothing, and the event's address
 * is no secret, so the create step adds {@code ?token=<element instance>.<signature>} to it, signed
 * for that event's webhook id with the connector secret {@value #SECRET}; the event checks it
 * before it reads anything. A callback without it, or with one signed for another event or with
 * another key, is answered 403 at once and costs no read.
 */
public final class EventTokens {
  /**
   * The connector secret that signs the event URLs: the same wherever create steps run and events
   * are served.
   */
  public static final String SECRET = "SEEDFLOW_CALLBACK_SECRET";

  /** The query parameter that carries the token. */
  public static final String PARAMETER = "token";

  private final UnaryOperator<String> secrets;

  /**
   * @param secrets the runtime's secrets by name (null for one that is not set)
   */
  public EventTokens(UnaryOperator<String> secrets) {
    this.secrets = secrets;
  }

  /**
   * The event's address with its token, for a create made by this element instance.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT naming the secret when it is not set or too
   *     short: nothing is sent
   */
  public String sign(String eventAddress, String webhookId, long elementInstanceKey) {
    return eventAddress + "?" + PARAMETER + "=" + tokens(webhookId).issue(elementInstanceKey);
  }

  /**
   * Whether a callback to this event carries a token issued for it.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT when the secret is not set here, so no token
   *     can be checked
   */
  public boolean verify(String webhookId, String token) {
    return tokens(webhookId).verify(token).isPresent();
  }

  private SignedTokens tokens(String webhookId) {
    String secret = secrets.apply(SECRET);
    if (secret == null || secret.length() < SignedTokens.SHORTEST_SECRET) {
      throw SeedanceException.of(
              ErrorCode.INVALID_INPUT,
              "the connector secret "
                  + SECRET
                  + " must be set, "
                  + SignedTokens.SHORTEST_SECRET
                  + " characters or more, where a create step calls back a 'video finished' event"
                  + " and where the event is served: it signs the event's callback URL, so that a"
                  + " callback no create step asked for is refused before anything is read")
          .advice(
              "Create the secret "
                  + SECRET
                  + " (for example 48 random characters) in every connectors runtime and worker,"
                  + " then retry.")
          .build();
    }
    return new SignedTokens(secret, "seedflow-event/" + webhookId);
  }
}
