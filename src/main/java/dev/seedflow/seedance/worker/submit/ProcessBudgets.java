package dev.seedflow.seedance.worker.submit;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.cost.BudgetCheck;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per-process budget ({@code budget.maxTokensPerProcess}, {@code budget.maxCostPerProcess}):
 * the estimates of every video a process instance has asked this worker to pay for, summed, and a
 * new one admitted only if the sum stays within the caps. An AI Agent may call the generate tool
 * again and again, and in parallel: the check and the reservation are one step under the instance's
 * lock, so two calls that each fit alone cannot both pass when together they do not. A reservation
 * is the job's (a job that comes back replaces its own), and goes when the provider proves it made
 * nothing.
 *
 * <p>The sum starts from what the instance carries ({@link #SPENT}, written by the caller after
 * each reservation), so a worker that restarts, or another replica, starts from it. Two replicas
 * admitting calls of one instance at the same moment can still both pass: the lock is one worker's.
 */
public final class ProcessBudgets {
  /** The process variable that carries an instance's reservations, by job key. */
  public static final String SPENT = "seedanceProcessSpend";

  /** A job's reserved estimate. */
  public record Reserved(long tokens, BigDecimal cost) {}

  /**
   * How long an instance's sum stays in memory after its last call. Past it, the instance's own
   * variable is the sum: any call of it activated since carries what was written.
   */
  static final Duration KEPT = Duration.ofHours(1);

  private final Map<Long, Ledger> byInstance = new ConcurrentHashMap<>();
  private final Clock clock;
  private volatile Instant lastSweep;

  /** One instance's reservations, by job key, and when it was last used. */
  private static final class Ledger {
    final Map<Long, Reserved> reserved;
    Instant used;

    Ledger(Map<Long, Reserved> carried, Instant now) {
      this.reserved = new HashMap<>(carried);
      this.used = now;
    }
  }

  public ProcessBudgets(Clock clock) {
    this.clock = clock;
    this.lastSweep = clock.instant();
  }

  /**
   * Reserves the estimate for this job when the instance's sum stays within the caps.
   *
   * @param model the video's model, for the message when a money cap has no price
   * @param carried the reservations the instance carries ({@link #SPENT}), by job key; empty when
   *     none
   * @return every reservation of the instance after this one, to be written to {@link #SPENT}
   * @throws SeedanceException SEEDANCE_OVER_BUDGET saying what the video would cost, what the
   *     instance has reserved and what is left
   */
  public Map<Long, Reserved> reserve(
      long processInstanceKey,
      long jobKey,
      CostEstimate estimate,
      String model,
      Long maxTokensPerProcess,
      BigDecimal maxCostPerProcess,
      Map<Long, Reserved> carried) {
    if (maxTokensPerProcess == null && maxCostPerProcess == null) return Map.of();
    if (maxCostPerProcess != null) {
      BudgetCheck.needsAPrice(
          estimate, model, "budget.maxCostPerProcess", "budget.maxTokensPerProcess");
    }
    Instant now = clock.instant();
    sweep(now);
    Ledger ledger = byInstance.computeIfAbsent(processInstanceKey, key -> new Ledger(carried, now));
    synchronized (ledger) {
      ledger.used = now;
      Map<Long, Reserved> reserved = ledger.reserved;
      carried.forEach(reserved::putIfAbsent);
      long tokens = 0;
      BigDecimal cost = BigDecimal.ZERO;
      for (Map.Entry<Long, Reserved> other : reserved.entrySet()) {
        if (other.getKey() == jobKey) continue;
        tokens += other.getValue().tokens();
        if (other.getValue().cost() != null) cost = cost.add(other.getValue().cost());
      }
      if (maxTokensPerProcess != null && tokens + estimate.tokens() > maxTokensPerProcess) {
        throw over(
            String.format("%,d", estimate.tokens()) + " tokens",
            String.format("%,d", tokens) + " tokens",
            "budget.maxTokensPerProcess " + String.format("%,d", maxTokensPerProcess),
            String.format("%,d", Math.max(0, maxTokensPerProcess - tokens)) + " tokens",
            estimate);
      }
      if (maxCostPerProcess != null && cost.add(estimate.cost()).compareTo(maxCostPerProcess) > 0) {
        String currency = " " + estimate.currency();
        throw over(
            estimate.cost().toPlainString() + currency,
            cost.toPlainString() + currency,
            "budget.maxCostPerProcess " + maxCostPerProcess.toPlainString() + currency,
            maxCostPerProcess.subtract(cost).max(BigDecimal.ZERO).toPlainString() + currency,
            estimate);
      }
      reserved.put(jobKey, new Reserved(estimate.tokens(), estimate.cost()));
      return Map.copyOf(reserved);
    }
  }

  /** The job's reservation goes: the provider proved it made nothing. */
  public void release(long processInstanceKey, long jobKey) {
    Ledger ledger = byInstance.get(processInstanceKey);
    if (ledger == null) return;
    synchronized (ledger) {
      ledger.reserved.remove(jobKey);
    }
  }

  /** The reservations as the process variable {@link #SPENT} carries them: by job key. */
  public static Map<String, Object> asVariable(Map<Long, Reserved> reserved) {
    Map<String, Object> variable = new HashMap<>();
    reserved.forEach(
        (jobKey, one) -> {
          Map<String, Object> entry = new HashMap<>();
          entry.put("tokens", one.tokens());
          if (one.cost() != null) entry.put("cost", one.cost());
          variable.put(String.valueOf(jobKey), entry);
        });
    return variable;
  }

  /**
   * The reservations as the instance carries them ({@link #asVariable}), by job key; an entry that
   * is not one (the variable is the model's to overwrite) counts as nothing rather than failing the
   * job.
   */
  public static Map<Long, Reserved> fromVariable(JsonNode carried) {
    Map<Long, Reserved> spent = new HashMap<>();
    carried
        .properties()
        .forEach(
            entry -> {
              try {
                JsonNode cost = entry.getValue().path("cost");
                spent.put(
                    Long.parseLong(entry.getKey()),
                    new Reserved(
                        entry.getValue().path("tokens").asLong(),
                        cost.isNumber() ? cost.decimalValue() : null));
              } catch (NumberFormatException notAJobKey) {
                // skipped
              }
            });
    return spent;
  }

  /** Instances in memory now: each one called within {@link #KEPT}. */
  int instancesHeld() {
    return byInstance.size();
  }

  /** Drops the instances not called within {@link #KEPT}, at most once a minute. */
  private void sweep(Instant now) {
    if (Duration.between(lastSweep, now).compareTo(Duration.ofMinutes(1)) < 0) return;
    lastSweep = now;
    byInstance.values().removeIf(ledger -> ledger.used.plus(KEPT).isBefore(now));
  }

  private static SeedanceException over(
      String wouldCost, String reserved, String cap, String left, CostEstimate estimate) {
    return SeedanceException.of(
            ErrorCode.OVER_BUDGET,
            "this video would cost "
                + wouldCost
                + " ("
                + estimate.basis()
                + "), and this process instance has already reserved "
                + reserved
                + " of its "
                + cap
                + ": "
                + left
                + " left; nothing was sent")
        .build();
  }
}
