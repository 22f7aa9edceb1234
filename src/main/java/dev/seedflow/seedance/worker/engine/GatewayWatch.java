package dev.seedflow.seedance.worker.engine;

import static io.camunda.client.impl.CamundaClientEnvironmentVariables.OAUTH_ENV_AUTHORIZATION_SERVER;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the gateway for its topology, so the log says "serving" only once the worker really serves,
 * and says one line per change of the gateway's state instead of the client's stack trace per
 * failed poll. While the gateway cannot be reached it asks again with a backoff, from one second up
 * to a minute; while it answers, every half minute.
 */
public final class GatewayWatch {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayWatch.class);
  static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  static final Duration LONGEST_RETRY = Duration.ofMinutes(1);
  static final Duration WHILE_REACHED = Duration.ofSeconds(30);
  private static final String OAUTH_PACKAGE = "io.camunda.client.impl.oauth.";

  private final CamundaClient camunda;
  private final ScheduledExecutorService scheduler;
  private final String serving;
  private final BooleanSupplier stopping;
  private volatile Boolean
      reached; // null until the first answer or failure; written on the scheduler thread only
  private Duration retry = FIRST_RETRY;

  /**
   * @param serving what the worker serves, said once the gateway first answers
   */
  public GatewayWatch(
      CamundaClient camunda,
      ScheduledExecutorService scheduler,
      String serving,
      BooleanSupplier stopping) {
    this.camunda = camunda;
    this.scheduler = scheduler;
    this.serving = serving;
    this.stopping = stopping;
  }

  public void start() {
    scheduler.execute(this::ask);
  }

  /**
   * Whether the gateway answered the last question (asked every half minute while it answers): the
   * worker's readiness.
   */
  public boolean answers() {
    return Boolean.TRUE.equals(reached);
  }

  private void ask() {
    if (stopping.getAsBoolean()) return;
    camunda
        .newTopologyRequest()
        .send()
        .toCompletableFuture()
        .whenComplete(
            (topology, failure) -> {
              try {
                scheduler.execute(() -> answered(failure));
              } catch (RuntimeException closed) {
                // the worker stopped meanwhile
              }
            });
  }

  private void answered(Throwable failure) {
    if (stopping.getAsBoolean()) return;
    boolean now = failure == null;
    if (now && !Boolean.TRUE.equals(reached)) {
      LOG.info(
          "Seedance worker serving {} through the Camunda gateway at {}{}",
          serving,
          address(),
          reached == null ? "" : " again");
    } else if (!now) {
      LOG.debug("The Camunda gateway at {} did not answer", address(), failure);
      if (!Boolean.FALSE.equals(reached)) {
        LOG.warn("Waiting for the Camunda gateway at {}: {}", address(), whyNot(failure));
      }
    }
    reached = now;
    Duration next = now ? WHILE_REACHED : retry;
    retry = now ? FIRST_RETRY : min(retry.multipliedBy(2), LONGEST_RETRY);
    try {
      scheduler.schedule(this::ask, next.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RuntimeException closed) {
      // the worker stopped meanwhile
    }
  }

  private String address() {
    var configuration = camunda.getConfiguration();
    URI address =
        configuration.preferRestOverGrpc()
            ? configuration.getRestAddress()
            : configuration.getGrpcAddress();
    return address + (configuration.preferRestOverGrpc() ? " (REST)" : " (gRPC)");
  }

  /**
   * What failed, in the operator's terms: the token server, when the client could not get a token
   * (its OAuth frames are on the failure's stack), or the gateway itself. Either way the line names
   * every setting that could be wrong, so one line is enough to fix it.
   */
  static String whyNot(Throwable failure) {
    String settings =
        "; jobs are taken once it answers, and this says so once then. Set CAMUNDA_GRPC_ADDRESS"
            + " and CAMUNDA_REST_ADDRESS (camunda.client.* in Spring) to where the gateway listens,"
            + " and for OAuth all four of "
            + String.join(", ", ClientEnvironment.OAUTH)
            + ".";
    return fromTheTokenServer(failure)
        ? "the token server did not give a token ("
            + rootMessage(failure)
            + "): check "
            + OAUTH_ENV_AUTHORIZATION_SERVER
            + " and the client's id, secret and audience"
            + settings
        : "it cannot be reached (" + rootMessage(failure) + ")" + settings;
  }

  private static boolean fromTheTokenServer(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      for (StackTraceElement frame : cause.getStackTrace()) {
        if (frame.getClassName().startsWith(OAUTH_PACKAGE)
            || frame.getMethodName().equals("applyCredentials")) return true;
      }
      if (cause.getCause() == cause) break;
    }
    return false;
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage();
    if (root instanceof UnknownHostException) return "unknown host " + message;
    return message == null ? root.getClass().getSimpleName() : message;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
