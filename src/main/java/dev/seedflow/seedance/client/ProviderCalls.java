package dev.seedflow.seedance.client;

import dev.seedflow.seedance.request.ProviderType;

/**
 * What a client tells of each HTTP request it sends to a provider, for meters: the dialect, the
 * kind of request and how it ended. Nothing else (no task id, prompt or key), so a meter's tags
 * stay few and say nothing private.
 */
@FunctionalInterface
public interface ProviderCalls {
  ProviderCalls NONE = (dialect, kind, outcome) -> {};

  void ended(ProviderType dialect, Kind kind, Outcome outcome);

  enum Kind {
    CREATE,
    READ,
    LIST,
    CANCEL,
    DOWNLOAD
  }

  /**
   * How a request ended: 429 apart from the other refusals, since it is the one an operator acts
   * on.
   */
  enum Outcome {
    OK,
    RATE_LIMITED,
    REFUSED,
    SERVER_ERROR,
    REDIRECTED,
    UNREACHABLE;

    static Outcome of(int status) {
      if (status == 429) return RATE_LIMITED;
      if (status >= 500) return SERVER_ERROR;
      if (status >= 400) return REFUSED;
      if (status >= 300) return REDIRECTED;
      return OK;
    }
  }

  /** The tag a request carries so that the client's interceptor can tell it. */
  record Tag(ProviderType dialect, Kind kind) {}
}
