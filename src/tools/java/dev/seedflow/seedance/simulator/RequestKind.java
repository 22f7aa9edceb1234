package dev.seedflow.seedance.simulator;

/** What a request does, for fault rules and for counting. */
public enum RequestKind {
  CREATE,
  READ,
  CANCEL,
  MEDIA,
  OTHER
}
