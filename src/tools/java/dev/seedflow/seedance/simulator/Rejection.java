package dev.seedflow.seedance.simulator;

/** A request the simulated provider refuses, with the answer a real one would give. */
final class Rejection extends Exception {
  final int status;
  final String code;
  final String param;

  Rejection(int status, String code, String message, String param) {
    super(message, null, false, false);
    this.status = status;
    this.code = code;
    this.param = param;
  }

  static Rejection invalid(String param, String message) {
    return new Rejection(400, "InvalidParameter", message, param);
  }
}
