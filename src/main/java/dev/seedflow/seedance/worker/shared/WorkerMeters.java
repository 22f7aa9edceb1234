package dev.seedflow.seedance.worker.shared;

import dev.seedflow.seedance.client.ProviderCalls;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.metrics.ProviderRequestMeter;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.result.VideoResult;
import dev.seedflow.seedance.store.KeptMedia;
import dev.seedflow.seedance.worker.callbacks.CallbackOutcome;
import io.camunda.connector.api.document.Document;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The worker's meters (docs/metrics.md lists them), on the registry it is given: the runtime's
 * inside a connectors runtime, where its actuator shows them beside the runtime's own, or the
 * standalone worker's, served on its management port. Every tag comes from a closed set (dialects,
 * kinds, outcomes, error codes, the dialect's documented models, or "other"): never a task id, a
 * prompt or a key, and never a value a process can make up.
 */
public final class WorkerMeters implements ProviderCalls {
  private static final Set<String> DOCUMENTED_MODELS =
      Arrays.stream(ProviderType.values())
          .flatMap(type -> Dialect.of(type).rules().documentedModels().stream())
          .collect(Collectors.toUnmodifiableSet());
  private final MeterRegistry registry;
  private final Clock clock;
  private final Timer lag;
  private final Counter keptBytes;
  private final ProviderRequestMeter requests;

  /** One callback received, by what became of it. */
  public void callback(CallbackOutcome outcome) {
    registry.counter("seedflow.callbacks", "outcome", outcome.tag()).increment();
  }

  public WorkerMeters(MeterRegistry registry) {
    this(registry, Clock.systemUTC());
  }

  public WorkerMeters(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.requests = new ProviderRequestMeter(registry);
    this.lag =
        Timer.builder("seedflow.video.completion.lag")
            .description("From the task's end, as the provider reports it, to the job's completion")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(100))
            .maximumExpectedValue(Duration.ofHours(1))
            .register(registry);
    this.keptBytes =
        Counter.builder("seedflow.documents.kept")
            .baseUnit("bytes")
            .description("Bytes of videos and frames kept as documents")
            .register(registry);
  }

  /** Meters nobody reads: for a worker built without a registry (tests). */
  public static WorkerMeters unread() {
    return new WorkerMeters(new SimpleMeterRegistry());
  }

  /**
   * The two counts read when scraped: videos waiting for their task, and videos waiting for room at
   * the provider.
   */
  public void watch(Supplier<Integer> waiting, Supplier<Integer> waitingForRoom) {
    Gauge.builder("seedflow.videos.waiting", () -> orNaN(waiting.get()))
        .description("Videos whose task runs at the provider, waited for")
        .register(registry);
    Gauge.builder("seedflow.videos.waiting.room", () -> orNaN(waitingForRoom.get()))
        .description("Videos waiting for room at the provider before their create")
        .register(registry);
  }

  @Override
  public void ended(ProviderType dialect, Kind kind, Outcome outcome) {
    requests.ended(dialect, kind, outcome);
  }

  /**
   * A job completed with its video: the lag since the task ended, and the tokens it was estimated
   * and used.
   */
  public void completed(VideoResult result) {
    jobEnded("completed", "none");
    TaskSnapshot task = result.task();
    endedAt(task)
        .ifPresent(
            end -> {
              Duration since = Duration.between(end, clock.instant());
              lag.record(
                  since.isNegative() ? Duration.ZERO : since); // a provider's clock ahead of ours
            });
    String model = model(task);
    if (result.estimate() != null) {
      DistributionSummary.builder("seedflow.tokens.estimated")
          .baseUnit("tokens")
          .tag("model", model)
          .register(registry)
          .record(result.estimate().tokens());
    }
    if (task.usage() != null
        && task.usage().completionTokens() != null
        && task.usage().completionTokens() >= 0) {
      DistributionSummary.builder("seedflow.tokens.used")
          .baseUnit("tokens")
          .tag("model", model)
          .register(registry)
          .record(task.usage().completionTokens());
    }
    if (result.cost() != null) {
      registry
          .counter("seedflow.cost", "model", model, "currency", result.cost().currency())
          .increment(result.cost().amount().doubleValue());
    }
  }

  /** A job ended otherwise: an incident or a BPMN error, with the code it carries. */
  public void jobEnded(String outcome, String code) {
    registry.counter("seedflow.jobs.ended", "outcome", outcome, "code", code).increment();
  }

  /** The bytes of what was kept as documents: the video, the last frame, or both. */
  public void kept(KeptMedia kept) {
    for (Document document : new Document[] {kept.video(), kept.lastFrame()}) {
      if (document != null && document.metadata() != null && document.metadata().getSize() != null)
        keptBytes.increment(document.metadata().getSize());
    }
  }

  private static Optional<Instant> endedAt(TaskSnapshot task) {
    if (task.updatedAt() == null) return Optional.empty();
    try {
      return Optional.of(Instant.parse(task.updatedAt()));
    } catch (DateTimeParseException notATime) {
      return Optional.empty();
    }
  }

  /** The model as a tag: one the dialect documents, or "other" (a process may name any model). */
  private static String model(TaskSnapshot task) {
    return task.model() != null && DOCUMENTED_MODELS.contains(task.model())
        ? task.model()
        : "other";
  }

  private static double orNaN(Integer count) {
    return count == null || count < 0 ? Double.NaN : count;
  }
}
