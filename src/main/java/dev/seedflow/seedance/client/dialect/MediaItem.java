package dev.seedflow.seedance.client.dialect;

import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * One media input with its purpose, in the order the providers want them (frames, images, videos,
 * audio).
 */
record MediaItem(Kind kind, String url, Role role) {

  enum Kind {
    IMAGE("image_url"),
    VIDEO("video_url"),
    AUDIO("audio_url");

    final String contentType;

    Kind(String contentType) {
      this.contentType = contentType;
    }
  }

  enum Role {
    FIRST_FRAME,
    LAST_FRAME,
    REFERENCE_IMAGE,
    REFERENCE_VIDEO,
    REFERENCE_AUDIO,
    SOURCE_VIDEO
  }

  static List<MediaItem> of(ValidRequest request) {
    VideoRequest v = request.video();
    List<MediaItem> items = new ArrayList<>();
    if (request.video().mode() == Mode.DRAFT) {
      return items;
    }
    if (v.firstFrame() != null)
      items.add(new MediaItem(Kind.IMAGE, v.firstFrame(), Role.FIRST_FRAME));
    if (v.lastFrame() != null) items.add(new MediaItem(Kind.IMAGE, v.lastFrame(), Role.LAST_FRAME));
    if (v.sourceVideo() != null)
      items.add(new MediaItem(Kind.VIDEO, v.sourceVideo(), Role.SOURCE_VIDEO));
    v.referenceImages()
        .forEach(url -> items.add(new MediaItem(Kind.IMAGE, url, Role.REFERENCE_IMAGE)));
    v.referenceVideos()
        .forEach(url -> items.add(new MediaItem(Kind.VIDEO, url, Role.REFERENCE_VIDEO)));
    v.referenceAudios()
        .forEach(url -> items.add(new MediaItem(Kind.AUDIO, url, Role.REFERENCE_AUDIO)));
    return items;
  }

  /**
   * The role words of Ark's content protocol, which has no separate role for a video to edit or
   * extend.
   */
  String arkRole() {
    return role == Role.SOURCE_VIDEO
        ? "reference_video"
        : role.name().toLowerCase(java.util.Locale.ROOT);
  }
}
