package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP exchange with a provider, with two sets of rules:
 *
 * <ul>
 *   <li>reads (status, list, cancel) are repeated on any transient failure, with backoff and
 *       Retry-After;
 *   <li>submits (create) are repeated only when the provider provably did not take the request: the
 *       connection was never made, or the provider refused it with a 429 or another 4xx, which the
 *       providers document as creating nothing. A 5xx proves nothing of the kind (a gateway whose
 *       upstream took the task after the gateway's own timeout answers 500), and no dialect's
 *       provider documents that a 5xx bills nothing, so it is {@code
 *       SEEDANCE_SUBMIT_OUTCOME_UNKNOWN}, as is anything else after the request left: a second
 *       create would be a second bill.
 * </ul>
 *
 * Every call has a deadline as well as per-read timeouts, answers are read with a byte limit, and
 * redirects are never followed: an API that moved is a configuration to fix, not an address to send
 * a prompt and media to.
 */
final class ProviderHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);

  /** One connection pool and dispatcher for every client in the JVM (result downloads too). */
  static final OkHttpClient SHARED =
      new OkHttpClient.Builder().followRedirects(false).followSslRedirects(false).build();

  private final ClientSettings settings;
  private final OkHttpClient reads;
  private final OkHttpClient submits;

  ProviderHttp(ClientSettings settings, ProviderCalls calls) {
    this.settings = settings;
    this.reads =
        SHARED
            .newBuilder()
            .addInterceptor(told(calls))
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.readTimeout())
            .writeTimeout(settings.writeTimeout())
            .callTimeout(settings.readCallTimeout())
            .build();
    // A create never rides a pooled connection that may be stale, and OkHttp never silently sends
    // it again. Its
    // deadline alone bounds it: a provider that takes a minute to answer a create is not cut off by
    // a read's silence.
    this.submits =
        reads
            .newBuilder()
            .retryOnConnectionFailure(false)
            .readTimeout(settings.submitCallTimeout())
            .writeTimeout(settings.submitCallTimeout())
            .callTimeout(settings.submitCallTimeout())
            .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
            .eventListenerFactory(
                call -> {
                  SendTracker tracker = call.request().tag(SendTracker.class);
                  return tracker != null ? tracker : EventListener.NONE;
                })
            .build();
  }

  /** Tells {@code calls} how each attempt of a tagged request ended. */
  static Interceptor told(ProviderCalls calls) {
    return chain -> {
      ProviderCalls.Tag tag = chain.request().tag(ProviderCalls.Tag.class);
      if (tag == null) return chain.proceed(chain.request());
      try {
        Response response = chain.proceed(chain.request());
        calls.ended(tag.dialect(), tag.kind(), ProviderCalls.Outcome.of(response.code()));
        return response;
      } catch (IOException e) {
        calls.ended(tag.dialect(), tag.kind(), ProviderCalls.Outcome.UNREACHABLE);
        throw e;
      }
    };
  }

  /** Who waits out a provider's rate limit (429) on a read. */
  enum Pacing {
    /** This client, by its read retries: for a single read that has no budget of its own. */
    CLIENT,
    /**
     * The caller, which keeps a rate budget per provider and key (the worker's watcher): the 429
     * comes back at once, so the budget slows down, and no I/O thread sleeps through a wait that
     * the next read would only repeat.
     */
    CALLER
  }

  /**
   * A refusal that is an answer in its own right, in the API's words: fal answers the result of a
   * request that failed with its error, under a 4xx or a 5xx, and a cancel of a finished request
   * with 400. Read before any retry.
   */
  @FunctionalInterface
  interface AnswerInRefusal {
    AnswerInRefusal NONE = (status, headers, body) -> Optional.empty();

    Optional<JsonNode> read(int status, Headers headers, JsonNode body);
  }

  JsonNode sendRepeatable(Request request, String taskId, Secrets secrets, Pacing pacing) {
    return sendRepeatable(request, taskId, secrets, pacing, AnswerInRefusal.NONE);
  }

  JsonNode sendRepeatable(
      Request request, String taskId, Secrets secrets, Pacing pacing, AnswerInRefusal answers) {
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      try (Response response = reads.newCall(request).execute()) {
        log(request, response);
        refuseRedirect(response, taskId);
        if (response.isSuccessful()) {
          return json(BoundedBody.read(response, BoundedBody.MAX_BYTES), taskId, secrets);
        }
        String body = errorBody(response);
        Optional<JsonNode> answer =
            answers.read(response.code(), response.headers(), jsonOrEmpty(body));
        if (answer.isPresent()) return answer.get();
        SeedanceException refused =
            ProviderErrors.fromAnswer(
                response.code(),
                body,
                response.header("Retry-After"),
                settings.retryAfterCap(),
                taskId,
                secrets);
        if (pacing == Pacing.CALLER && response.code() == 429) {
          throw refused;
        }
        wait = retryWait(refused, attempt, settings.reads());
      } catch (BoundedBody.TooLarge e) {
        throw e.asBadResponse(taskId);
      } catch (IOException e) {
        if (isDeadline(e)) {
          // The caller reschedules the read; holding an I/O thread for more attempts would starve
          // every other task's reads.
          throw SeedanceException.of(
                  ErrorCode.PROVIDER_UNAVAILABLE,
                  "the provider did not finish its answer within the "
                      + shown(settings.readCallTimeout())
                      + " a read may take")
              .taskId(taskId)
              .cause(e)
              .build();
        }
        wait = retryWait(unreachable(request, e, taskId), attempt, settings.reads());
      }
      sleep(wait, taskId);
    }
  }

  JsonNode sendCreate(Request request, Secrets secrets, Dialect dialect) {
    for (int attempt = 1; ; attempt++) {
      SendTracker tracker = new SendTracker();
      Duration wait;
      try (Response response =
          submits.newCall(request.newBuilder().tag(SendTracker.class, tracker).build()).execute()) {
        log(request, response);
        refuseRedirect(response, null);
        if (response.isSuccessful()) {
          return acceptedTask(BoundedBody.read(response, BoundedBody.MAX_BYTES), secrets);
        }
        String body = errorBody(response);
        if (response.code() >= 500) {
          // A server error may come after the task was taken: a 504 (or Cloudflare's 524) from a
          // gateway that gave up
          // waiting, or a 500 from one whose upstream call succeeded after its own timeout.
          throw outcomeUnknown(
              "the provider answered HTTP "
                  + response.code()
                  + (response.code() == 504 ? ": a gateway timed out waiting for the provider" : "")
                  + ", which does not say whether it took the task",
              null,
              secrets.quote(body));
        }
        SeedanceException refused =
            ProviderErrors.fromAnswer(
                response.code(),
                body,
                response.header("Retry-After"),
                settings.retryAfterCap(),
                null,
                secrets);
        if (dialect.saysQueueFull(refused)) {
          throw refused; // the caller waits for room without holding a thread; asking again at once
          // would be refused again
        }
        wait = retryWait(refused, attempt, settings.submits());
      } catch (BoundedBody.TooLarge e) {
        throw outcomeUnknown(
            "the provider accepted the create call but " + e.getMessage(), null, null);
      } catch (IOException e) {
        if (tracker.requestStarted()) {
          throw outcomeUnknown(
              isDeadline(e) || e instanceof SocketTimeoutException
                  ? "the provider did not answer the create call within its deadline of "
                      + shown(settings.submitCallTimeout())
                  : "the connection broke after the create call was sent ("
                      + e.getClass().getSimpleName()
                      + ")",
              e,
              null);
        }
        wait = retryWait(unreachable(request, e, null), attempt, settings.submits());
      }
      LOG.info(
          "Create call to {} not taken by the provider (attempt {}), trying again in {} ms",
          request.url().host(),
          attempt,
          wait.toMillis());
      sleep(wait, null);
    }
  }

  /** The wait before the next attempt, or the error itself when it is not worth another attempt. */
  private Duration retryWait(SeedanceException error, int attempt, RetryPolicy policy) {
    if (!error.errorCode().isTransient() || attempt >= policy.maxAttempts()) {
      throw error;
    }
    Duration wait = policy.delayAfter(attempt, error.retryAfter().orElse(null));
    if (wait.compareTo(settings.longestRetryAfterWait()) > 0) {
      throw error;
    }
    return wait;
  }

  /**
   * A redirect is refused: following it would send the request (prompt, inline media) to an address
   * nobody configured, perhaps over plain http.
   */
  private static void refuseRedirect(Response response, String taskId) {
    if (response.isRedirect() || (response.code() >= 300 && response.code() < 400)) {
      String location = response.header("Location");
      throw SeedanceException.of(
              ErrorCode.BAD_RESPONSE,
              "the provider answered HTTP "
                  + response.code()
                  + " with a redirect"
                  + (location == null ? "" : " to " + Text.shown(location))
                  + ", which is not followed; set provider.baseUrl to the API's own address")
          .taskId(taskId)
          .build();
    }
  }

  /**
   * An error answer's text for its code and message; one too large to read is left out (its HTTP
   * status still speaks).
   */
  private static String errorBody(Response response) throws IOException {
    try {
      return BoundedBody.read(response, BoundedBody.MAX_BYTES);
    } catch (BoundedBody.TooLarge tooLarge) {
      return "";
    }
  }

  /** A setting's duration as people write it: whole seconds where it is, else milliseconds. */
  private static String shown(Duration duration) {
    return duration.toMillis() % 1000 == 0
        ? duration.toSeconds() + " s"
        : duration.toMillis() + " ms";
  }

  /**
   * OkHttp's call deadline, as opposed to a silence between two reads ({@link
   * SocketTimeoutException}).
   */
  private static boolean isDeadline(IOException e) {
    return e instanceof InterruptedIOException
        && !(e instanceof SocketTimeoutException)
        && "timeout".equals(e.getMessage());
  }

  /** An error answer's JSON, or an empty object when it is not JSON. */
  private static JsonNode jsonOrEmpty(String body) {
    try {
      JsonNode json = ProviderJson.read(body);
      return json != null && json.isObject() ? json : ProviderJson.emptyObject();
    } catch (IOException | RuntimeException notJson) {
      return ProviderJson.emptyObject();
    }
  }

  private JsonNode acceptedTask(String body, Secrets secrets) {
    try {
      JsonNode json = ProviderJson.read(body);
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException notJson) {
      // handled below: the provider took the request, so this is not a plain bad response
    }
    throw outcomeUnknown(
        "the provider accepted the create call but its answer could not be read",
        null,
        secrets.quote(body));
  }

  private JsonNode json(String body, String taskId, Secrets secrets) {
    try {
      JsonNode json = ProviderJson.read(body);
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException notJson) {
      // reported below
    }
    throw SeedanceException.of(ErrorCode.BAD_RESPONSE, "the provider's answer is not a JSON object")
        .providerMessage(secrets.quote(body.strip()))
        .taskId(taskId)
        .build();
  }

  private static SeedanceException outcomeUnknown(
      String what, IOException cause, String providerText) {
    return SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, what + "; it was not sent again")
        .providerMessage(providerText)
        .cause(cause)
        .build();
  }

  private SeedanceException unreachable(Request request, IOException e, String taskId) {
    String host = request.url().host() + ":" + request.url().port();
    String what =
        switch (e) {
          case UnknownHostException u ->
              "the provider's host name " + request.url().host() + " could not be resolved";
          case ConnectException c -> "could not connect to the provider at " + host;
          case SocketTimeoutException t ->
              "the provider at " + host + " did not answer within the timeout";
          default ->
              "the connection to the provider at "
                  + host
                  + " failed ("
                  + e.getClass().getSimpleName()
                  + ")";
        };
    return SeedanceException.of(ErrorCode.PROVIDER_UNAVAILABLE, what)
        .taskId(taskId)
        .cause(e)
        .build();
  }

  private static void sleep(Duration wait, String taskId) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SeedanceException.of(
              ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while waiting to try the provider again")
          .taskId(taskId)
          .build();
    }
  }

  private static void log(Request request, Response response) {
    LOG.debug(
        "{} {} -> HTTP {} in {} ms",
        request.method(),
        request.url().encodedPath(),
        response.code(),
        response.receivedResponseAtMillis() - response.sentRequestAtMillis());
  }

  @Override
  public void close() {
    submits.connectionPool().evictAll();
  }
}
