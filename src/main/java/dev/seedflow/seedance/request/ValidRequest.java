package dev.seedflow.seedance.request;

/**
 * A request that passed {@link RequestValidator}, as it will be sent: the mode resolved, the
 * dialect's default duration filled in, generate-audio forced on for reference audio, and the
 * aspect ratio in the dialect's own spelling. Only the validator makes one, so holding one proves
 * the check was made, and against which dialect's rules: a create or an estimate takes it and never
 * validates again. The dialects read everything from {@link #video()}, and only from there.
 */
public final class ValidRequest {
  private final VideoRequest video;
  private final DialectRules rules;
  private final ModelFacts facts;

  ValidRequest(VideoRequest video, DialectRules rules, ModelFacts facts) {
    this.video = video;
    this.rules = rules;
    this.facts = facts;
  }

  /** What its model takes on its host, as validation read it. */
  public ModelFacts facts() {
    return facts;
  }

  public VideoRequest video() {
    return video;
  }

  /** The rules of the dialect it was validated against. */
  public DialectRules rules() {
    return rules;
  }

  /** Whether it was validated for this provider's API, so it may be sent there. */
  public boolean isFor(ProviderType type) {
    return rules.type() == type;
  }
}
