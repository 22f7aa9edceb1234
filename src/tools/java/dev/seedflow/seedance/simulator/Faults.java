package dev.seedflow.seedance.simulator;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Faults armed for the next requests of a kind, used up in the order they were armed. */
public final class Faults {
  private record Rule(RequestKind kind, Fault fault, AtomicInteger remaining) {}

  private final CopyOnWriteArrayList<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> injected = new ConcurrentHashMap<>();

  /** The next {@code times} requests of this kind get this fault. */
  public Faults next(RequestKind kind, Fault fault, int times) {
    rules.add(new Rule(kind, fault, new AtomicInteger(times)));
    return this;
  }

  public void clear() {
    rules.clear();
  }

  /**
   * How many faults of each kind were injected so far, by fault name (for example "RateLimited").
   */
  public Map<String, Integer> injected() {
    Map<String, Integer> counts = new TreeMap<>();
    injected.forEach((name, count) -> counts.put(name, count.get()));
    return counts;
  }

  Optional<Fault> take(RequestKind kind) {
    for (Rule rule : rules) {
      if (rule.kind() == kind && rule.remaining().getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        injected
            .computeIfAbsent(rule.fault().getClass().getSimpleName(), name -> new AtomicInteger())
            .incrementAndGet();
        return Optional.of(rule.fault());
      }
    }
    rules.removeIf(rule -> rule.remaining().get() <= 0);
    return Optional.empty();
  }
}
