package dev.seedflow.seedance.local;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says which process variable an incident's field comes from: a message names {@code
 * video.firstFrame}, as the step sees it, where the person running the model set {@code
 * firstFrameUrl}, which the element's input mapping turns into it. Read from the model the runner
 * deployed, so it is what this element maps, not a guess.
 */
final class MappedVariables {
  /** A field as messages name them: {@code video.firstFrame}, {@code budget.maxTokens}, ... */
  private static final Pattern FIELD = Pattern.compile("\\b([a-z]+\\.[a-zA-Z]+)\\b");

  /** A source that is one variable or path: {@code =firstFrameUrl}, {@code =brief.image}. */
  private static final Pattern VARIABLE = Pattern.compile("=\\s*([A-Za-z_][\\w.]*)\\s*");

  private MappedVariables() {}

  /**
   * "video.firstFrame is the process variable firstFrameUrl here (its input mapping:
   * =firstFrameUrl)", for each field the message names that this element maps from one variable.
   */
  static List<String> in(String message, String elementId, BpmnModelInstance model) {
    if (message == null || !(model.getModelElementById(elementId) instanceof BaseElement element)) {
      return List.of();
    }
    Set<String> named = new LinkedHashSet<>();
    Matcher field = FIELD.matcher(message);
    while (field.find()) named.add(field.group(1));
    ZeebeIoMapping mapping = element.getSingleExtensionElement(ZeebeIoMapping.class);
    if (mapping == null) return List.of();
    List<String> said = new ArrayList<>();
    for (ZeebeInput input : mapping.getInputs()) {
      if (!named.contains(input.getTarget()) || input.getSource() == null) continue;
      Matcher variable = VARIABLE.matcher(input.getSource());
      if (variable.matches()) {
        said.add(
            input.getTarget()
                + " is the process variable "
                + variable.group(1)
                + " here (its input mapping: "
                + input.getSource().strip()
                + ")");
      }
    }
    return said;
  }
}
