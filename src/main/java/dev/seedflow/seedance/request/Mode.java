package dev.seedflow.seedance.request;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** What kind of video a request asks for, with the media each kind takes and needs. */
public enum Mode {
  TEXT_TO_VIDEO(
      "text-to-video", "Video from text", EnumSet.noneOf(Media.class), EnumSet.noneOf(Media.class)),
  IMAGE_TO_VIDEO(
      "image-to-video",
      "Video from a first frame",
      EnumSet.of(Media.FIRST_FRAME),
      EnumSet.of(Media.FIRST_FRAME)),
  FIRST_LAST_FRAME(
      "first-last-frame",
      "Video between a first and a last frame",
      EnumSet.of(Media.FIRST_FRAME, Media.LAST_FRAME),
      EnumSet.of(Media.FIRST_FRAME, Media.LAST_FRAME)),
  REFERENCE(
      "reference",
      "Video from reference images, videos or audio",
      EnumSet.of(Media.REFERENCE_IMAGES, Media.REFERENCE_VIDEOS, Media.REFERENCE_AUDIOS),
      EnumSet.noneOf(Media.class)),
  EDIT(
      "edit",
      "Edit a video",
      EnumSet.of(Media.SOURCE_VIDEO, Media.REFERENCE_IMAGES),
      EnumSet.of(Media.SOURCE_VIDEO)),
  EXTEND(
      "extend", "Extend a video", EnumSet.of(Media.SOURCE_VIDEO), EnumSet.of(Media.SOURCE_VIDEO)),
  DRAFT(
      "draft",
      "Finalise a draft (Ark)",
      EnumSet.of(Media.DRAFT_TASK_ID),
      EnumSet.of(Media.DRAFT_TASK_ID));

  private final String wireName;
  private final String label;
  private final Set<Media> accepted;
  private final Set<Media> required;

  /**
   * @param label the mode as the Modeler's "What to make" dropdown names it, and so as messages
   *     name it to the person who chose it there
   */
  Mode(String wireName, String label, Set<Media> accepted, Set<Media> required) {
    this.wireName = wireName;
    this.label = label;
    this.accepted = accepted;
    this.required = required;
  }

  public String label() {
    return label;
  }

  /** "'Video between a first and a last frame' (first-last-frame)": the label, then the value. */
  public String named() {
    return "'" + label + "' (" + wireName + ")";
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  public boolean accepts(Media media) {
    return accepted.contains(media);
  }

  public Set<Media> required() {
    return required;
  }

  @JsonCreator
  public static Mode fromWireName(String name) {
    if (name == null || name.isBlank()) {
      return null;
    }
    String wanted = name.trim();
    return Arrays.stream(values())
        .filter(
            mode -> mode.wireName.equalsIgnoreCase(wanted) || mode.name().equalsIgnoreCase(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "video.mode '"
                        + wanted
                        + "' is not one of "
                        + Arrays.stream(values()).map(Mode::wireName).toList()));
  }

  @Override
  public String toString() {
    return wireName;
  }
}
