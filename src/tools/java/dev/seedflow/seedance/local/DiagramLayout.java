package dev.seedflow.seedance.local;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnLabel;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.dc.Bounds;
import io.camunda.zeebe.model.bpmn.instance.di.Waypoint;
import java.util.Optional;

/**
 * Touches up the layout the model builder makes: it puts every branch below the main row and draws
 * a loop back as a diagonal across the diagram. The examples move a shape or route a flow by hand
 * where that reads better.
 */
final class DiagramLayout {
  private DiagramLayout() {}

  static void place(BpmnModelInstance model, String elementId, double x, double y) {
    BpmnShape shape =
        shapeOf(model, elementId)
            .orElseThrow(() -> new IllegalArgumentException("no shape for " + elementId));
    shape.getBounds().setX(x);
    shape.getBounds().setY(y);
  }

  /**
   * Puts the label of an element or of a flow in the given box, where no flow crosses it (bpmn-js
   * puts it below the shape, or beside the flow's middle, otherwise).
   */
  static void label(
      BpmnModelInstance model, String elementId, double x, double y, double width, double height) {
    BpmnLabel label = model.newInstance(BpmnLabel.class);
    Bounds bounds = model.newInstance(Bounds.class);
    bounds.setX(x);
    bounds.setY(y);
    bounds.setWidth(width);
    bounds.setHeight(height);
    label.setBounds(bounds);
    shapeOf(model, elementId)
        .ifPresentOrElse(
            shape -> shape.setBpmnLabel(label),
            () ->
                model.getModelElementsByType(BpmnEdge.class).stream()
                    .filter(e -> hasId(e.getBpmnElement(), elementId))
                    .findFirst()
                    .orElseThrow(
                        () -> new IllegalArgumentException("no shape or flow " + elementId))
                    .setBpmnLabel(label));
  }

  /** Routes the flow from source to target through the given points (x1, y1, x2, y2, ...). */
  static void route(BpmnModelInstance model, String sourceId, String targetId, double... points) {
    BpmnEdge edge =
        model.getModelElementsByType(BpmnEdge.class).stream()
            .filter(
                e ->
                    e.getBpmnElement() instanceof SequenceFlow flow
                        && flow.getSource().getId().equals(sourceId)
                        && flow.getTarget().getId().equals(targetId))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no flow from " + sourceId + " to " + targetId));
    edge.getWaypoints().clear();
    for (int i = 0; i < points.length; i += 2) {
      Waypoint waypoint = model.newInstance(Waypoint.class);
      waypoint.setX(points[i]);
      waypoint.setY(points[i + 1]);
      edge.getWaypoints().add(waypoint);
    }
  }

  private static Optional<BpmnShape> shapeOf(BpmnModelInstance model, String elementId) {
    return model.getModelElementsByType(BpmnShape.class).stream()
        .filter(s -> hasId(s.getBpmnElement(), elementId))
        .findFirst();
  }

  private static boolean hasId(BaseElement element, String id) {
    return element != null && id.equals(element.getId());
  }
}
