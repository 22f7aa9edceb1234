package dev.seedflow.seedance.error;

/**
 * The public error codes. BPMN error expressions match on {@link #code()}, so these strings never
 * change.
 */
public enum ErrorCode {
  INVALID_INPUT("Fix the input in the process model or its variables."),
  AUTH(
      "Check the API key: the secret SEEDANCE_API_KEY (or provider.apiKey) must be a valid key for"
          + " this provider and base URL."),
  FORBIDDEN(
      "Check that the account may use this model (model activated, account not overdue) in the"
          + " provider console."),
  NOT_FOUND(
      "Check the model or endpoint id, the task id, and that provider.type and provider.baseUrl"
          + " match your provider."),
  RATE_LIMITED(
      "The provider is limiting requests or the account's queue is full. The step is retried with"
          + " backoff while it has retries left; after that, lower the request rate or wait, then"
          + " retry the incident."),
  PROVIDER_UNAVAILABLE(
      "The provider could not be reached or failed. The step is retried with backoff while it has"
          + " retries left; after that, check provider.baseUrl and the provider's status, then"
          + " retry the incident."),
  SUBMIT_OUTCOME_UNKNOWN(
      "The task may have been created and billed. Look for it in the provider console (or list your"
          + " tasks) before you submit again, so you do not pay twice; if it exists, wait for it"
          + " with its task id."),
  BAD_RESPONSE(
      "The provider answered with something that is not a Seedance task; check that provider.type"
          + " matches the API at provider.baseUrl."),
  TASK_FAILED(
      "The provider could not make the video. Check the prompt and the media; resubmitting the same"
          + " input sometimes succeeds."),
  TASK_CANCELLED(
      "The task was cancelled at the provider; submit a new one if the video is still wanted."),
  TASK_EXPIRED(
      "The task did not finish before its execution expiry; submit it again, perhaps with a longer"
          + " video.executionExpiresAfter."),
  WAIT_TIMEOUT(
      "The task is still running at the provider and may still finish: raise wait.timeout, or wait"
          + " for it again with its task id."),
  OVER_BUDGET(
      "The video would cost more than the step's budget, or the process's, and nothing was sent"
          + " or paid. Ask for a shorter or smaller video (resolution and duration weigh most), or"
          + " raise budget.maxTokens or budget.maxCost (budget.maxTokensPerProcess or"
          + " budget.maxCostPerProcess for the process)."),
  STORE_FAILED(
      "The video is made and paid for, but it could not be kept as a Camunda document. Retrying the"
          + " incident downloads it again and never makes a new video; the provider's URL stays"
          + " valid about 24 hours after the task ended. Check the document store (self-managed:"
          + " in-memory, AWS S3 or GCP; SaaS takes at most 10 MB per upload); for videos over its"
          + " limit, store.onTooLarge: continue completes with the URL alone."),
  INTERNAL(
      "This is a fault in Seedflow, not in the input or at the provider; the worker's log holds the"
          + " stack trace. Retrying the incident resumes a task whose id was stored; please report"
          + " it.");

  private final String advice;

  ErrorCode(String advice) {
    this.advice = advice;
  }

  /** The public code, for example {@code SEEDANCE_TASK_FAILED}. */
  public String code() {
    return "SEEDANCE_" + name();
  }

  /** What a person should do about it. */
  public String advice() {
    return advice;
  }

  /**
   * Whether a create call that failed with this code provably left nothing at the provider: it was
   * never sent, or the provider refused it with an answer. An unknown outcome, or an acceptance we
   * could not use, may have created a task.
   */
  public boolean provesNothingCreated() {
    return this != SUBMIT_OUTCOME_UNKNOWN && this != BAD_RESPONSE;
  }

  /** Whether trying the same call again later can help without risking a duplicate paid task. */
  public boolean isTransient() {
    return this == RATE_LIMITED || this == PROVIDER_UNAVAILABLE;
  }
}
