package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.camunda.connector.generator.java.annotation.NestedProperties;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;

/**
 * What the "video finished" catch event's template binds: its webhook, the provider it reads each
 * called-back task from (a callback's body is never trusted), and what of the video it keeps. The
 * provider's and the store's fields are properties of the event's own ({@code type}, {@code
 * apiKey}, {@code video}...), not nested, so the template's conditions find the fields they name;
 * {@link ProviderInput} and {@link StoreInput} each bind from them alone.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VideoFinishedInput(
    Webhook inbound,
    @NestedProperties(addNestedPath = false) ProviderInput provider,
    @NestedProperties(addNestedPath = false) StoreInput store) {

  /** The runtime serves the event at {@code /inbound/<context>}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Webhook(
      @TemplateProperty(
              id = "context",
              group = "webhook",
              label = "Webhook ID",
              defaultValue = "seedance-video-finished",
              constraints =
                  @PropertyConstraints(
                      notEmpty = true,
                      pattern =
                          @TemplateProperty.Pattern(
                              value = UrlPatterns.WEBHOOK_ID,
                              message = "Letters, digits, - and _ only")),
              tooltip =
                  "The event is served at <runtime's public URL>/inbound/<this ID>. Give the same"
                      + " ID to the create step (Callback: to a 'video finished' event), and a"
                      + " different one to each process that waits for videos this way.")
          String context) {}
}
