package dev.seedflow.seedance.client;

import okhttp3.Call;
import okhttp3.EventListener;

/**
 * Records whether any byte of a request left this machine. A create call that failed before that
 * point provably never reached the provider and may be tried again; after it, the outcome is
 * unknown.
 */
final class SendTracker extends EventListener {
  private volatile boolean started;

  @Override
  public void requestHeadersStart(Call call) {
    started = true;
  }

  boolean requestStarted() {
    return started;
  }
}
