package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.store.KeepPlan;
import dev.seedflow.seedance.store.OnTooLarge;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DefaultValueType;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code store.*} variables: whether the finished video (and its last frame) is kept as a
 * Camunda document, because the provider's URL expires after about 24 hours. Absent means nothing
 * is kept; the templates switch it on.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record StoreInput(
    @TemplateProperty(
            id = "storeVideo",
            group = "store",
            label = "Keep the video as a Camunda document",
            type = PropertyType.Boolean,
            defaultValue = "true",
            defaultValueType = DefaultValueType.Boolean,
            tooltip =
                "Copies the finished video into the cluster's document store (result:"
                    + " videoDocument), so it can be reviewed, mailed or uploaded after the"
                    + " provider's link expires (about 24 hours). Needs a document store; SaaS"
                    + " takes at most 10 MB per upload.")
        Boolean video,
    @TemplateProperty(
            id = "storeLastFrame",
            group = "store",
            label = "Keep the last frame too",
            type = PropertyType.Boolean,
            defaultValue = "true",
            defaultValueType = DefaultValueType.Boolean,
            tooltip =
                "When the video was asked to return its last frame, copies that picture as a"
                    + " document as well (result: lastFrameDocument).")
        Boolean lastFrame,

    // No pattern: the Modeler tests it against an empty optional field too; problems() checks it
    // before anything is paid.
    @TemplateProperty(
            id = "storeTimeToLive",
            group = "store",
            label = "Keep for",
            optional = true,
            tooltip =
                "How long the document store keeps the files, for example P30D. Empty: the store's"
                    + " own default.")
        String timeToLive,
    @TemplateProperty(
            id = "storeOnTooLarge",
            group = "store",
            label = "When the video is over the store's upload limit",
            type = PropertyType.Dropdown,
            defaultValue = "incident",
            choices = {
              @DropdownPropertyChoice(
                  value = "incident",
                  label = "Raise an incident (the URL in it)"),
              @DropdownPropertyChoice(
                  value = "continue",
                  label = "Complete with the URL only (storeWarning says why)")
            },
            tooltip =
                "SaaS takes at most 10 MB per document; a 1080p clip of 10-15 s can be more."
                    + " 'continue' completes the step with the video's URL and no document, and"
                    + " storeWarning in the result: the URL expires about 24 hours after the task"
                    + " ended.")
        String onTooLarge) {

  /**
   * What is wrong with these settings: a time to live that is not a positive ISO-8601 duration, an
   * unknown choice.
   */
  public List<Problem> problems() {
    List<Problem> problems = new ArrayList<>();
    Duration ttl = parsedTimeToLive();
    if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
      problems.add(
          new Problem(
              "store.timeToLive",
              "must be a positive ISO-8601 duration such as P30D or PT12H, got '"
                  + timeToLive
                  + "'"));
    }
    if (OnTooLarge.fromWireName(onTooLarge) == null) {
      problems.add(
          new Problem(
              "store.onTooLarge",
              "must be " + OnTooLarge.choices() + ", got '" + Text.shown(onTooLarge) + "'"));
    }
    return problems;
  }

  /**
   * @throws SeedanceException SEEDANCE_INVALID_INPUT naming {@link #problems()}
   */
  public KeepPlan toPlan() {
    if (!problems().isEmpty()) throw SeedanceException.invalidInput(problems());
    return new KeepPlan(
        Boolean.TRUE.equals(video),
        Boolean.TRUE.equals(lastFrame),
        parsedTimeToLive(),
        OnTooLarge.fromWireName(onTooLarge));
  }

  private Duration parsedTimeToLive() {
    if (timeToLive == null || timeToLive.isBlank()) return null;
    try {
      return Duration.parse(timeToLive.trim());
    } catch (DateTimeParseException e) {
      return Duration.ZERO;
    }
  }
}
