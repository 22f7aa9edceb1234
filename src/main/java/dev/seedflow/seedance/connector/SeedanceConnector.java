package dev.seedflow.seedance.connector;

import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskOutcome;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.model.JobTypes;
import dev.seedflow.seedance.model.ProviderInput;
import dev.seedflow.seedance.model.TaskInput;
import dev.seedflow.seedance.model.VideoInput;
import io.camunda.connector.api.annotation.Operation;
import io.camunda.connector.api.annotation.OutboundConnector;
import io.camunda.connector.api.annotation.Variable;
import io.camunda.connector.api.outbound.OutboundConnectorProvider;
import io.camunda.connector.generator.java.annotation.ElementTemplate.PropertyGroup;
import io.camunda.connector.generator.java.annotation.ElementTemplate;

/**
 * The Seedance outbound connector: create, read and cancel a video task. Each call is quick and stateless; waiting
 * for the video is the paired worker's job (or a BPMN timer loop's), never a connector thread's.
 */
@OutboundConnector(name = "Seedance", type = JobTypes.CONNECTOR)
@ElementTemplate(
    engineVersion = "^8.8",
    id = "dev.seedflow.seedance",
    name = "Seedance video",
    version = 1,
    description = "Create, check or cancel a Seedance 2.0 video task (BytePlus ModelArk, Volcano Engine Ark or a gateway).",
    icon = "seedance-icon.svg",
    documentationRef = "https://seedflow.dev/docs/connector",
    // Not "task", "video" or "provider": those are the input variables, and a result stored under one of those names
    // lands in the task's local input variable and is lost when the task ends.
    defaultResultVariable = "videoTask",
    metadata = @ElementTemplate.Metadata(keywords = {"seedance", "video", "ai video", "bytedance", "text to video", "image to video"}),
    propertyGroups = {
      @PropertyGroup(id = "operation", label = "Operation"),
      @PropertyGroup(id = "provider", label = "Provider"),
      @PropertyGroup(id = "video", label = "Video"),
      @PropertyGroup(id = "options", label = "Options"),
      @PropertyGroup(id = "task", label = "Task")
    })
public class SeedanceConnector implements OutboundConnectorProvider {
  private final SeedanceClient client;

  /** Used by the connectors runtime, which finds the connector through META-INF/services. */
  public SeedanceConnector() {
    this(SeedanceClient.shared());
  }

  public SeedanceConnector(SeedanceClient client) {
    this.client = client;
  }

  @Operation(id = "createTask", name = "Make a video (create the task)")
  public TaskSnapshot createTask(@Variable("provider") ProviderInput provider, @Variable("video") VideoInput video) {
    return ConnectorFailures.translate(() -> client.create(provider.toConfig(), video.toRequest()));
  }

  /** Reads the task; a task that ended without a video is a failure with the provider's code, so an error expression can route it. */
  @Operation(id = "getTask", name = "Read the video task")
  public TaskSnapshot getTask(@Variable("provider") ProviderInput provider, @Variable("task") TaskInput task) {
    TaskSnapshot snapshot = ConnectorFailures.translate(() -> client.get(provider.toConfig(), task.id()));
    TaskOutcome.failureOf(snapshot).ifPresent(failure -> {
      throw ConnectorFailures.toConnectorException(failure);
    });
    return snapshot;
  }

  @Operation(id = "cancelTask", name = "Stop a queued video task")
  public TaskSnapshot cancelTask(@Variable("provider") ProviderInput provider, @Variable("task") TaskInput task) {
    return ConnectorFailures.translate(() -> client.cancel(provider.toConfig(), task.id()));
  }
}
