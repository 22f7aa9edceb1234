package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.client.ProviderCalls;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskOutcome;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.cost.BudgetCheck;
import dev.seedflow.seedance.cost.CostEstimate;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.model.AdvancedGroup;
import dev.seedflow.seedance.model.BudgetInput;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.StoreInput;
import dev.seedflow.seedance.model.TaskInput;
import dev.seedflow.seedance.model.VideoInput;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.result.VideoResult;
import dev.seedflow.seedance.signing.EventTokens;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.store.KeptMedia;
import dev.seedflow.seedance.store.ProcessRef;
import dev.seedflow.seedance.store.VideoKeeper;
import io.camunda.connector.api.annotation.Operation;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.annotation.Variable;
import io.camunda.connector.api.outbound.OutboundConnectorContext;
import io.camunda.connector.api.outbound.OutboundConnectorProvider;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.PropertyGroup;

/**
 * The Seedance outbound connector: create, read and cancel a video task. Each call is quick and
 * stateless; waiting for the video is the paired worker's job (or a BPMN timer loop's), never a
 * connector thread's.
 */
@OutboundConnector(name = "Seedance", type = JobTypes.CONNECTOR)
@ElementTemplate(
    engineVersion = "^8.8",
    id = "dev.seedflow.seedance",
    name = "Seedance video",
    version = 1,
    description =
        "Create, check or cancel a Seedance 2.0 video task (BytePlus ModelArk, Volcano Engine Ark"
            + " or a gateway).",
    icon = "seedance-icon.svg",
    // Not "task", "video" or "provider": those are the input variables, and a result stored under
    // one of those names
    // lands in the task's local input variable and is lost when the task ends.
    defaultResultVariable = "videoTask",
    metadata =
        @ElementTemplate.Metadata(
            keywords = {
              "seedance",
              "video",
              "ai video",
              "bytedance",
              "text to video",
              "image to video"
            }),
    propertyGroups = {
      @PropertyGroup(id = "operation", label = "Operation"),
      @PropertyGroup(id = "provider", label = "Provider"),
      @PropertyGroup(id = "video", label = "Video"),
      @PropertyGroup(id = "options", label = "Options"),
      @PropertyGroup(id = "task", label = "Task"),
      @PropertyGroup(id = "budget", label = "Budget"),
      @PropertyGroup(id = "store", label = "Keep the video"),
      @PropertyGroup(
          id = AdvancedGroup.ID,
          label = AdvancedGroup.LABEL,
          tooltip = AdvancedGroup.TOOLTIP,
          openByDefault = false)
    })
public class SeedanceConnector implements OutboundConnectorProvider {
  private final SeedanceClient client;
  private final VideoKeeper keeper;
  private final PriceTable prices;
  private final EventTokens events;

  /**
   * As the connectors runtime gets it ({@link SeedanceConnectorAutoConfiguration}): with its bound
   * settings, prices and secrets (which sign the addresses of "video finished" events), its
   * requests counted by {@code calls}.
   */
  public SeedanceConnector(
      ConnectorSettings settings, PriceTable prices, ProviderCalls calls, EventTokens events) {
    this(new SeedanceClient(settings.clientSettings(), calls), settings, prices, events);
  }

  private SeedanceConnector(
      SeedanceClient client, ConnectorSettings settings, PriceTable prices, EventTokens events) {
    this(client, settings.keeper(client), prices, events);
  }

  /**
   * With this client, the default keeping limits, and no secret to sign an event's address with
   * (tests).
   */
  public SeedanceConnector(SeedanceClient client, PriceTable prices) {
    this(client, ConnectorSettings.defaults(), prices, new EventTokens(name -> null));
  }

  public SeedanceConnector(
      SeedanceClient client, VideoKeeper keeper, PriceTable prices, EventTokens events) {
    this.client = client;
    this.keeper = keeper;
    this.prices = prices;
    this.events = events;
  }

  /**
   * Estimates, checks the budget, then creates the task once; an invalid or over-budget request
   * sends nothing.
   */
  @Operation(id = "createTask", name = "Make a video (create the task)")
  public VideoResult createTask(
      @Variable("provider") ProviderInput provider,
      @Variable("video") VideoInput video,
      @Variable(value = "budget", required = false) BudgetInput budget,
      OutboundConnectorContext context) {
    return ConnectorFailures.translate(
        () -> {
          ProviderConfig config = provider.toConfig();
          ValidRequest request =
              client.validate(
                  config,
                  video.toRequest(events, () -> context.getJobContext().getElementInstanceKey()));
          CostEstimate estimate = CostEstimate.of(request, prices);
          if (budget != null)
            BudgetCheck.check(
                estimate, request.video().model(), budget.maxTokens(), budget.maxCost());
          return VideoResult.of(client.create(config, request), KeptMedia.NONE, estimate, prices);
        });
  }

  /**
   * Reads the task; a task that ended without a video is a failure with the provider's code, so an
   * error expression can route it. A finished video is kept as a Camunda document (through the
   * runtime's document store) when {@code store.video} asks for it.
   */
  @Operation(id = "getTask", name = "Read the video task")
  public VideoResult getTask(
      @Variable("provider") ProviderInput provider,
      @Variable("task") TaskInput task,
      @Variable(value = "store", required = false) StoreInput store,
      OutboundConnectorContext context) {
    return ConnectorFailures.translate(
        () -> {
          KeepPlan plan = store == null ? KeepPlan.NOTHING : store.toPlan();
          ProviderConfig config = provider.toConfig();
          TaskSnapshot snapshot = client.get(config, task.id());
          TaskOutcome.failureOf(snapshot)
              .ifPresent(
                  failure -> {
                    throw failure;
                  });
          if (snapshot.status() != TaskStatus.SUCCEEDED || !plan.keepsAnythingOf(snapshot)) {
            return VideoResult.of(snapshot, KeptMedia.NONE, null, prices);
          }
          var job = context.getJobContext();
          KeptMedia kept =
              keeper.keep(
                  snapshot,
                  plan,
                  config,
                  context,
                  new ProcessRef(job.getProcessInstanceKey(), job.getBpmnProcessId()));
          return VideoResult.of(snapshot, kept, null, prices);
        });
  }

  @Operation(id = "cancelTask", name = "Stop a queued video task")
  public TaskSnapshot cancelTask(
      @Variable("provider") ProviderInput provider, @Variable("task") TaskInput task) {
    return ConnectorFailures.translate(() -> client.cancel(provider.toConfig(), task.id()));
  }

  /**
   * What the video would cost, with no call to any provider: for an approval step before the video
   * is made. (The Modeler lists operations by name and preselects the first, so this one's name
   * sorts after "Make a video".)
   */
  @Operation(id = "estimateCost", name = "Price the video (estimate, calls no provider)")
  public CostEstimate estimateCost(
      @Variable("provider") ProviderInput provider, @Variable("video") VideoInput video) {
    return ConnectorFailures.translate(
        () -> {
          ProviderConfig config = provider.toConfig();
          return CostEstimate.of(client.validate(config, video.toRequest()), prices);
        });
  }
}
