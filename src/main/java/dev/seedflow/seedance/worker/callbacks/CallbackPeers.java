package dev.seedflow.seedance.worker.callbacks;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.Dispatcher;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The other replicas' callback endpoints. A callback lands on whichever replica the load balancer
 * picks; the job may be another's, so it is passed to every peer, marked as passed on so that none
 * passes it again. A peer's name may stand for many replicas (a Kubernetes headless service): each
 * address it resolves to gets it. Nothing waits for their answers: the provider is answered at
 * once, and a hint that reaches no one costs lag, never a video. At most {@link #IN_FLIGHT}
 * forwards are under way at once: a slow or dead peer cannot make forwards, and the bodies they
 * hold, pile up; past it a callback is dropped and counted.
 */
public final class CallbackPeers {
  /** The header a replica sets when it passes a callback on. */
  public static final String FORWARDED = "Seedflow-Forwarded";

  private static final Logger LOG = LoggerFactory.getLogger(CallbackPeers.class);
  private static final MediaType JSON = MediaType.get("application/json");

  /**
   * Forwards under way at once (each holds its body, at most 64 KB, until its peer answers or 3 s
   * pass).
   */
  static final int IN_FLIGHT = 64;

  /** What became of passing one callback on. */
  enum Passed {
    PASSED,
    BUSY,
    NO_PEERS
  }

  private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

  private final List<HttpUrl> peers;
  private final OkHttpClient http;

  public CallbackPeers(List<String> peers) {
    this.peers = new ArrayList<>();
    for (String peer : peers) {
      HttpUrl url = HttpUrl.parse(peer.trim());
      if (url == null)
        throw new IllegalArgumentException(
            "seedflow.worker.callbacks.peers: '" + peer + "' is not an http(s) URL");
      this.peers.add(url);
    }
    // Every forward allowed runs at once, so each meets its 3 s deadline instead of queueing behind
    // a slow peer.
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(IN_FLIGHT);
    dispatcher.setMaxRequestsPerHost(IN_FLIGHT);
    this.http =
        new OkHttpClient.Builder()
            .dispatcher(dispatcher)
            .callTimeout(Duration.ofSeconds(3))
            .followRedirects(false)
            .build();
  }

  /**
   * Sends the callback to every peer address, unless there is none or {@link #IN_FLIGHT} forwards
   * are under way, with the host's signature headers, so the replica that waits on its task can
   * verify it.
   */
  Passed pass(String token, Map<String, String> headers, byte[] body) {
    List<HttpUrl> targets = new ArrayList<>();
    for (HttpUrl peer : peers) {
      try {
        for (InetAddress address : InetAddress.getAllByName(peer.host())) {
          targets.add(
              peer.newBuilder()
                  .host(address.getHostAddress())
                  .addPathSegments(CallbackSettings.PATH.substring(1) + token)
                  .build());
        }
      } catch (UnknownHostException e) {
        LOG.warn(
            "Callback peer {} does not resolve: a callback for a task another replica waits on"
                + " reaches it by its reads only",
            peer.host());
      }
    }
    if (targets.isEmpty()) return Passed.NO_PEERS;
    if (!inFlight.tryAcquire(targets.size())) return Passed.BUSY;
    for (HttpUrl target : targets) {
      Request.Builder forward =
          new Request.Builder()
              .url(target)
              .header(FORWARDED, "1")
              .post(RequestBody.create(body, JSON));
      CallbackHints.SIGNATURE_HEADERS.forEach(
          name -> {
            String value = headers.get(name);
            if (value != null) forward.header(name, value);
          });
      http.newCall(forward.build())
          .enqueue(
              new Callback() {
                @Override
                public void onFailure(Call call, IOException e) {
                  inFlight.release();
                  LOG.debug("Passing a callback to {} failed: {}", target.host(), e.toString());
                }

                @Override
                public void onResponse(Call call, Response response) {
                  inFlight.release();
                  response.close();
                }
              });
    }
    return Passed.PASSED;
  }
}
