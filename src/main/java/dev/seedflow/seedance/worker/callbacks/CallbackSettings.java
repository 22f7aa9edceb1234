package dev.seedflow.seedance.worker.callbacks;

import dev.seedflow.seedance.client.WebhookSignatures;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Provider callbacks as hints ({@code seedflow.worker.callbacks.*}): where the provider can reach
 * the workers, what signs the URLs they are given, and where the other replicas listen. Off while
 * {@code url} is unset.
 *
 * @param url the public address of the workers' callback endpoint, as the provider reaches it (a
 *     load balancer or an ingress in front of every replica), for example {@code
 *     https://seedflow.example.com/callbacks}; each task's callback URL is this plus a signed token
 * @param secret the key that signs the tokens, the same on every replica (a secret of 32 characters
 *     or more)
 * @param port where this worker listens for callbacks; unset, the standalone worker serves them on
 *     its management port
 * @param peers the other replicas' callback endpoints, such as {@code
 *     http://seedflow-worker-peers:8081} (a headless service: every address its name resolves to is
 *     one replica): a callback for a task another replica waits on is passed to them
 * @param pollStretch how many times further apart the fallback reads are while a callback is
 *     expected: a lost callback costs that much more lag, never a video
 * @param falKeys where fal publishes the keys its webhooks are signed with (a JWKS)
 * @param hintSpacing the least time between two reads of a task that callbacks bring forward (and
 *     between a success with no video and its second read): what repeated callbacks can cost a
 *     task, and the most a callback that comes right after a read waits for its own
 */
public record CallbackSettings(
    String url,
    String secret,
    Integer port,
    @DefaultValue List<String> peers,
    @DefaultValue("4") int pollStretch,
    @DefaultValue(WebhookSignatures.FAL_KEYS) String falKeys,
    @DefaultValue("PT1S") Duration hintSpacing) {
  /** The path under which callbacks arrive, on the management port or a port of their own. */
  public static final String PATH = "/callbacks/";

  public boolean enabled() {
    return url != null && !url.isBlank();
  }
}
