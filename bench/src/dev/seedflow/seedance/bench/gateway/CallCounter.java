package dev.seedflow.seedance.bench.gateway;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every call the gateway receives by its gRPC method name, before it is served: also the
 * calls it does not implement.
 */
final class CallCounter implements ServerInterceptor {
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, A> call, Metadata headers, ServerCallHandler<Q, A> next) {
    counts
        .computeIfAbsent(call.getMethodDescriptor().getBareMethodName(), name -> new LongAdder())
        .increment();
    return next.startCall(call, headers);
  }

  long count(String method) {
    LongAdder count = counts.get(method);
    return count == null ? 0 : count.sum();
  }

  Map<String, Long> snapshot() {
    Map<String, Long> copy = new TreeMap<>();
    counts.forEach((method, count) -> copy.put(method, count.sum()));
    return copy;
  }
}
