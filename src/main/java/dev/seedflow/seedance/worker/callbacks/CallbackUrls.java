package dev.seedflow.seedance.worker.callbacks;

import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.MediaUrls;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.VideoRequest;

/**
 * The callback URL a generate job's create carries: the workers' public address plus a token signed
 * for the job's element instance. The same for every attempt of one element instance, so a create
 * sent again after a lost one carries the same URL.
 *
 * @param base the workers' public callback address, null when callbacks are off
 */
public record CallbackUrls(String base, CallbackTokens tokens) {
  public static final CallbackUrls OFF = new CallbackUrls(null, null);

  /**
   * @throws SeedanceException SEEDANCE_INVALID_INPUT naming {@code seedflow.worker.callbacks.url}
   *     when it is not an address a provider may be given: the worker does not start, rather than
   *     fail each create under a designer's field
   */
  public static CallbackUrls of(CallbackSettings settings) {
    if (!settings.enabled()) return OFF;
    MediaUrls.callbackProblem(settings.url().trim())
        .ifPresent(
            problem -> {
              throw SeedanceException.of(
                      ErrorCode.INVALID_INPUT, "seedflow.worker.callbacks.url " + problem)
                  .build();
            });
    return new CallbackUrls(
        settings.url().trim().replaceAll("/+$", ""), new CallbackTokens(settings.secret()));
  }

  /**
   * Whether this request's task will call the workers back: callbacks are on, the designer set no
   * callback URL of their own, and the provider's API takes one (Ark's, fal's and Replicate's rules
   * list it; the gateways' do not).
   */
  public boolean expected(ProviderConfig provider, VideoRequest video) {
    return base != null
        && video != null
        && video.callbackUrl() == null
        && Dialect.of(provider.type()).rules().options().contains(Option.CALLBACK_URL);
  }

  /** The request as sent: with the workers' callback URL where {@link #expected}. */
  public VideoRequest addTo(long elementInstanceKey, ProviderConfig provider, VideoRequest video) {
    return expected(provider, video)
        ? video.withCallbackUrl(base + "/" + tokens.issue(elementInstanceKey))
        : video;
  }
}
