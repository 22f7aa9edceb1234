package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP exchange with a provider, with two sets of rules:
 * <ul>
 *   <li>reads (status, list, cancel) are repeated on any transient failure, with backoff and Retry-After;
 *   <li>submits (create) are repeated only when the provider provably did not take the request: the connection
 *       was never made, or the provider answered 429/500/502/503. Anything else after the request left is
 *       {@code SEEDANCE_SUBMIT_OUTCOME_UNKNOWN}, because a second create would be a second bill.
 * </ul>
 */
final class ProviderHttp implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderHttp.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** One connection pool and dispatcher for every client in the JVM. */
  private static final OkHttpClient SHARED = new OkHttpClient();

  private final ClientSettings settings;
  private final OkHttpClient reads;
  private final OkHttpClient submits;

  ProviderHttp(ClientSettings settings) {
    this.settings = settings;
    this.reads = SHARED.newBuilder()
        .connectTimeout(settings.connectTimeout())
        .readTimeout(settings.readTimeout())
        .writeTimeout(settings.writeTimeout())
        .build();
    // A create never rides a pooled connection that may be stale, and OkHttp never silently sends it again.
    this.submits = reads.newBuilder()
        .retryOnConnectionFailure(false)
        .connectionPool(new ConnectionPool(0, 1, TimeUnit.SECONDS))
        .eventListenerFactory(call -> {
          SendTracker tracker = call.request().tag(SendTracker.class);
          return tracker != null ? tracker : EventListener.NONE;
        })
        .build();
  }

  JsonNode read(Request request, String taskId, Secrets secrets) {
    for (int attempt = 1; ; attempt++) {
      Duration wait;
      try (Response response = reads.newCall(request).execute()) {
        String body = response.body().string();
        log(request, response);
        if (response.isSuccessful()) {
          return json(body, taskId, secrets);
        }
        wait = retryWait(ProviderErrors.fromAnswer(response.code(), body, response.header("Retry-After"), taskId, secrets),
            attempt, settings.reads());
      } catch (IOException e) {
        wait = retryWait(unreachable(request, e, taskId), attempt, settings.reads());
      }
      sleep(wait, taskId);
    }
  }

  JsonNode submit(Request request, Secrets secrets) {
    for (int attempt = 1; ; attempt++) {
      SendTracker tracker = new SendTracker();
      Duration wait;
      try (Response response = submits.newCall(request.newBuilder().tag(SendTracker.class, tracker).build()).execute()) {
        String body = response.body().string();
        log(request, response);
        if (response.isSuccessful()) {
          return acceptedTask(body, secrets);
        }
        if (response.code() == 504) {
          throw outcomeUnknown("a gateway timed out waiting for the provider, which may have accepted the task", null, secrets.redact(body));
        }
        wait = retryWait(ProviderErrors.fromAnswer(response.code(), body, response.header("Retry-After"), null, secrets),
            attempt, settings.submits());
      } catch (IOException e) {
        if (tracker.requestStarted()) {
          throw outcomeUnknown(e instanceof SocketTimeoutException
              ? "the provider did not answer the create call within " + settings.readTimeout().toSeconds() + " s"
              : "the connection broke after the create call was sent (" + e.getClass().getSimpleName() + ")", e, null);
        }
        wait = retryWait(unreachable(request, e, null), attempt, settings.submits());
      }
      LOG.info("Create call to {} not taken by the provider (attempt {}), trying again in {} ms", request.url().host(), attempt, wait.toMillis());
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

  private JsonNode acceptedTask(String body, Secrets secrets) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException notJson) {
      // handled below: the provider took the request, so this is not a plain bad response
    }
    throw outcomeUnknown("the provider accepted the create call but its answer could not be read", null, secrets.redact(SnapshotParser.abbreviate(body)));
  }

  private JsonNode json(String body, String taskId, Secrets secrets) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.isObject()) {
        return json;
      }
    } catch (IOException notJson) {
      // reported below
    }
    throw SeedanceException.of(ErrorCode.BAD_RESPONSE, "the provider's answer is not a JSON object")
        .providerMessage(secrets.redact(SnapshotParser.abbreviate(body.strip())))
        .taskId(taskId)
        .build();
  }

  private static SeedanceException outcomeUnknown(String what, IOException cause, String providerText) {
    return SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, what + "; it was not sent again")
        .providerMessage(providerText)
        .cause(cause)
        .build();
  }

  private SeedanceException unreachable(Request request, IOException e, String taskId) {
    String host = request.url().host() + ":" + request.url().port();
    String what = switch (e) {
      case UnknownHostException u -> "the provider's host name " + request.url().host() + " could not be resolved";
      case ConnectException c -> "could not connect to the provider at " + host;
      case SocketTimeoutException t -> "the provider at " + host + " did not answer within the timeout";
      default -> "the connection to the provider at " + host + " failed (" + e.getClass().getSimpleName() + ")";
    };
    return SeedanceException.of(ErrorCode.PROVIDER_UNAVAILABLE, what).taskId(taskId).cause(e).build();
  }

  private static void sleep(Duration wait, String taskId) {
    try {
      Thread.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw SeedanceException.of(ErrorCode.PROVIDER_UNAVAILABLE, "interrupted while waiting to try the provider again").taskId(taskId).build();
    }
  }

  private static void log(Request request, Response response) {
    LOG.debug("{} {} -> HTTP {} in {} ms", request.method(), request.url().encodedPath(), response.code(),
        response.receivedResponseAtMillis() - response.sentRequestAtMillis());
  }

  @Override
  public void close() {
    submits.connectionPool().evictAll();
  }
}
