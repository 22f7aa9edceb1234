package dev.seedflow.seedance.connector.finished;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.WebhookSignatures;
import dev.seedflow.seedance.connector.finished.CallbackCheck.Confirmation;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.StoreInput;
import dev.seedflow.seedance.model.VideoFinishedInput;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.result.ResultVariables;
import dev.seedflow.seedance.result.VideoResult;
import dev.seedflow.seedance.signing.EventTokens;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.store.KeptMedia;
import dev.seedflow.seedance.store.ProcessRef;
import dev.seedflow.seedance.store.VideoKeeper;
import io.camunda.connector.api.annotation.InboundConnector;
import io.camunda.connector.api.inbound.InboundConnectorContext;
import io.camunda.connector.api.inbound.webhook.MappedHttpRequest;
import io.camunda.connector.api.inbound.webhook.WebhookConnectorExecutable;
import io.camunda.connector.api.inbound.webhook.WebhookHttpResponse;
import io.camunda.connector.api.inbound.webhook.WebhookProcessingPayload;
import io.camunda.connector.api.inbound.webhook.WebhookResult;
import io.camunda.connector.api.inbound.webhook.WebhookResultContext;
import io.camunda.connector.generator.dsl.BpmnType;
import io.camunda.connector.generator.java.annotation.ElementTemplate;
import io.camunda.connector.generator.java.annotation.ElementTemplate.ConnectorElementType;
import io.camunda.connector.generator.java.annotation.ElementTemplate.PropertyGroup;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * "Seedance: video finished", a webhook intermediate catch event the provider calls back when a
 * task changes (Ark's {@code callback_url}, fal's {@code fal_webhook}, Replicate's {@code webhook},
 * which the create step sets to this event's address). The runtime serves it at {@code
 * /inbound/<webhook id>}. {@link #verify} refuses a URL the create step did not sign for this event
 * before anything else; a host's delivery must then carry the host's signature, and an unsigned one
 * (Ark's) is a hint that a read with the key confirms. Every callback that does not lead to an
 * ended task is answered without correlating anything; only an ended task is correlated, on its
 * task id (the message id too, so a repeat correlates once), with its video kept as a document.
 * Bodies over 64 KB never reach it ({@link CallbackBodyLimit}).
 */
@InboundConnector(name = "Seedance: video finished", type = JobTypes.VIDEO_FINISHED)
@ElementTemplate(
    engineVersion = "^8.8",
    id = "dev.seedflow.seedance.finished",
    name = "Seedance: video finished",
    version = 1,
    description =
        "Waits for a Seedance video task to end: the provider calls this event back, and the event"
            + " confirms the end by reading the task (or, from fal and Replicate, by the host's"
            + " signature).",
    icon = "seedance-icon.svg",
    inputDataClass = dev.seedflow.seedance.model.VideoFinishedInput.class,
    elementTypes =
        @ConnectorElementType(
            appliesTo = {BpmnType.INTERMEDIATE_CATCH_EVENT, BpmnType.INTERMEDIATE_THROW_EVENT},
            elementType = BpmnType.INTERMEDIATE_CATCH_EVENT,
            templateNameOverride = "Seedance: video finished"),
    // Only what the read confirmed reaches the process, never the callback's own body.
    defaultResultExpression = "={finishedVideo: connectorData}",
    metadata = @ElementTemplate.Metadata(keywords = {"seedance", "video", "callback", "webhook"}),
    propertyGroups = {
      @PropertyGroup(id = "webhook", label = "Webhook"),
      @PropertyGroup(id = "provider", label = "Provider (to confirm each callback)"),
      @PropertyGroup(id = "store", label = "Keep the video")
    })
public class VideoFinishedConnector implements WebhookConnectorExecutable {
  private final SeedanceClient client;
  private final VideoKeeper keeper;
  private final PriceTable prices;
  private final CalledBackTasks calledBack = new CalledBackTasks();
  private final CallbackCheck check;

  /**
   * Ended tasks confirmed by {@link #verify}, for the {@link #triggerWebhook} the runtime calls
   * next on the same request.
   */
  private final Map<String, TaskSnapshot> confirmed = new ConcurrentHashMap<>();

  private final EventWebhooks webhooks;
  private InboundConnectorContext context;
  private ProviderConfig provider;
  private KeepPlan plan;
  private String webhookId;

  /**
   * @param events checks the token each callback URL must carry (the client's reads are tried once:
   *     see the auto-configuration)
   * @param webhooks where this event says which webhook id it serves, so the body limit applies to
   *     it
   */
  public VideoFinishedConnector(
      SeedanceClient client,
      VideoKeeper keeper,
      PriceTable prices,
      EventTokens events,
      EventWebhooks webhooks,
      WebhookSignatures signatures) {
    this.webhooks = webhooks;
    this.client = client;
    this.keeper = keeper;
    this.prices = prices;
    this.check = new CallbackCheck(client, calledBack, events, signatures, System::nanoTime);
  }

  @Override
  public void activate(InboundConnectorContext context) {
    // The template writes the provider's and the store's fields as the event's own properties
    // (VideoFinishedInput).
    this.provider = context.bindProperties(ProviderInput.class).toConfig();
    StoreInput store = context.bindProperties(StoreInput.class);
    this.plan =
        store.video() == null && store.lastFrame() == null ? KeepPlan.NOTHING : store.toPlan();
    VideoFinishedInput.Webhook webhook = context.bindProperties(VideoFinishedInput.class).inbound();
    this.webhookId = webhook == null || webhook.context() == null ? "" : webhook.context().trim();
    this.context = context;
    webhooks.activated(webhookId);
  }

  @Override
  public void deactivate() {
    if (webhookId != null) webhooks.deactivated(webhookId);
  }

  /** Every callback that does not confirm an ended task is answered here, and goes no further. */
  @Override
  public WebhookHttpResponse verify(WebhookProcessingPayload payload) {
    Confirmation confirmation =
        check.confirm(
            webhookId, parameters(payload), headers(payload), payload.rawBody(), provider);
    return switch (confirmation) {
      case Confirmation.Answered answered ->
          new WebhookHttpResponse(
              Map.of("message", answered.message()),
              answered.retryAfter() == null
                  ? Map.of()
                  : Map.of(
                      "Retry-After",
                      String.valueOf(Math.max(1, answered.retryAfter().toSeconds()))),
              answered.status());
      case Confirmation.Ended ended -> {
        confirmed.put(ended.task().taskId(), ended.task());
        yield null;
      }
    };
  }

  @Override
  public WebhookResult triggerWebhook(WebhookProcessingPayload payload) {
    String taskId = check.taskId(provider, parameters(payload), payload.rawBody()).orElseThrow();
    TaskSnapshot task = confirmed.remove(taskId);
    // Taken by a repeat of this callback running beside it: read it again (an ended task stays
    // ended).
    if (task == null) task = client.get(provider, taskId);
    KeptMedia kept =
        task.status() == TaskStatus.SUCCEEDED && plan.keepsAnythingOf(task)
            ? keeper.keep(task, plan, provider, context, new ProcessRef(null, null))
            : KeptMedia.NONE;
    Map<String, Object> video = ResultVariables.of(VideoResult.of(task, kept, null, prices));
    return new Confirmed(taskId, video, calledBack);
  }

  private static Map<String, String> parameters(WebhookProcessingPayload payload) {
    return payload.params() == null ? Map.of() : payload.params();
  }

  /** The callback's headers, looked up in any case (a signature header's case is the sender's). */
  private static Map<String, String> headers(WebhookProcessingPayload payload) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    if (payload.headers() != null) headers.putAll(payload.headers());
    return headers;
  }

  /**
   * The confirmed task as the correlation's {@code connectorData}; once the correlation succeeded,
   * its task id is remembered, so a repeat costs no read.
   */
  private record Confirmed(String taskId, Map<String, Object> video, CalledBackTasks calledBack)
      implements WebhookResult {
    @Override
    public MappedHttpRequest request() {
      return new MappedHttpRequest(Map.of(), Map.of(), Map.of()); // never the callback's own body
    }

    @Override
    public Map<String, Object> connectorData() {
      return video;
    }

    @Override
    public Function<WebhookResultContext, WebhookHttpResponse> response() {
      return result -> {
        calledBack.add(taskId);
        return WebhookHttpResponse.ok(
            Map.of("message", "task " + taskId + " ended " + video.get("status") + "; correlated"));
      };
    }
  }
}
