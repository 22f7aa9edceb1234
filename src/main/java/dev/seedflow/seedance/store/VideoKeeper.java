package dev.seedflow.seedance.store;

import dev.seedflow.seedance.client.DownloadFailure;
import dev.seedflow.seedance.client.DownloadLimits;
import dev.seedflow.seedance.client.MediaKind;
import dev.seedflow.seedance.client.ResultDownload;
import dev.seedflow.seedance.client.ResultMedia;
import dev.seedflow.seedance.client.Secrets;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.Text;
import io.camunda.connector.api.document.Document;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a finished video (and its last frame) as Camunda documents, streamed from the provider's
 * URL into whatever document store the runtime has. The Camunda client holds a file whole while it
 * uploads it, so each upload first takes its share of the heap ({@link UploadMemory}), and a file
 * larger than the heap can take is refused. Reading a finished result is free, so a transient
 * failure is tried again; a verdict (expired, too large, refused) is not. Nothing here ever
 * submits.
 */
public final class VideoKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(VideoKeeper.class);

  private final ResultDownload download;
  private final UploadMemory memory;
  private final Clock clock;

  /**
   * @param limits the settings' limits; the size is capped at what this JVM's heap can upload
   *     ({@link UploadMemory})
   * @param sizeSetting the size setting's name, for the message that says when the heap capped it
   */
  public VideoKeeper(SeedanceClient client, DownloadLimits limits, String sizeSetting) {
    this(
        client.download(UploadMemory.ofThisJvm().cap(limits, sizeSetting)),
        UploadMemory.ofThisJvm(),
        Clock.systemUTC());
  }

  VideoKeeper(ResultDownload download, UploadMemory memory, Clock clock) {
    this.download = download;
    this.memory = memory;
    this.clock = clock;
  }

  public DownloadLimits limits() {
    return download.limits();
  }

  /**
   * @param where the process the documents belong to (recorded by stores that keep it)
   * @throws SeedanceException SEEDANCE_STORE_FAILED saying what happened, where the video still is,
   *     and until when; for a file over the upload limit only when the plan does not go on without
   *     it
   */
  public KeptMedia keep(
      TaskSnapshot task,
      KeepPlan plan,
      ProviderConfig provider,
      DocumentFactory documents,
      ProcessRef where) {
    Instant deadline = clock.instant().plus(download.limits().timeLimit());
    List<String> warnings = new ArrayList<>();
    Document video =
        plan.video() && task.videoUrl() != null
            ? keepOrWarn(
                task,
                MediaKind.VIDEO,
                task.videoUrl(),
                plan,
                provider,
                documents,
                where,
                deadline,
                warnings)
            : null;
    Document lastFrame =
        plan.lastFrame() && task.lastFrameUrl() != null
            ? keepOrWarn(
                task,
                MediaKind.LAST_FRAME,
                task.lastFrameUrl(),
                plan,
                provider,
                documents,
                where,
                deadline,
                warnings)
            : null;
    return new KeptMedia(video, lastFrame, warnings.isEmpty() ? null : String.join("; ", warnings));
  }

  private Document keepOrWarn(
      TaskSnapshot task,
      MediaKind kind,
      String url,
      KeepPlan plan,
      ProviderConfig provider,
      DocumentFactory documents,
      ProcessRef where,
      Instant deadline,
      List<String> warnings) {
    try {
      return keepOne(task, kind, url, plan, provider, documents, where, deadline);
    } catch (NotKept e) {
      // The URL and the time are the provider's words: quoted, never raw. The key goes wherever the
      // provider put it.
      Secrets secrets = new Secrets(provider.apiKey());
      String stays =
          "It stays at "
              + Text.shown(url, Text.PROVIDER_TEXT_CHARS)
              + " until about 24 hours after the task ended"
              + (task.updatedAt() == null ? "" : " (" + Text.shown(task.updatedAt()) + ")");
      if (e.tooLarge && plan.onTooLarge() == OnTooLarge.CONTINUE) {
        String warning =
            secrets.redact(
                "the "
                    + kind.label()
                    + " was not kept as a document: "
                    + e.getMessage()
                    + ". "
                    + stays
                    + ": download it from there in time");
        LOG.info("Task {}: {} (store.onTooLarge is continue)", task.taskId(), warning);
        warnings.add(warning);
        return null;
      }
      throw secrets.redact(
          SeedanceException.of(
                  ErrorCode.STORE_FAILED,
                  "the "
                      + kind.label()
                      + " is ready but could not be kept as a document: "
                      + e.getMessage()
                      + ". "
                      + stays
                      + (e.tooLarge
                          ? ". To complete without the document next time, set store.onTooLarge to"
                              + " continue"
                          : ""))
              .taskId(task.taskId())
              .build());
    }
  }

  /**
   * Why a file was not kept, and whether it was because of its size, which the designer may choose
   * to go on after.
   */
  private static final class NotKept extends Exception {
    final boolean tooLarge;

    NotKept(String why, boolean tooLarge) {
      super(why, null, false, false);
      this.tooLarge = tooLarge;
    }
  }

  private Document keepOne(
      TaskSnapshot task,
      MediaKind kind,
      String url,
      KeepPlan plan,
      ProviderConfig provider,
      DocumentFactory documents,
      ProcessRef where,
      Instant deadline)
      throws NotKept {
    String failure = null;
    boolean tooLarge = false;
    for (int attempt = 1; attempt <= download.limits().attempts(); attempt++) {
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        failure =
            (failure == null ? "" : failure + "; then ")
                + "the time limit of "
                + download.limits().timeLimit()
                + " passed";
        break;
      }
      try (ResultMedia media = download.open(url, kind, provider.type(), left)) {
        long size = media.declaredSize() >= 0 ? media.declaredSize() : download.limits().maxBytes();
        Optional<UploadMemory.Share> share =
            memory.reserve(size, Duration.between(clock.instant(), deadline));
        if (share.isEmpty()) {
          failure =
              "the memory this JVM gives to uploads was taken by other videos until the time limit"
                  + " of "
                  + download.limits().timeLimit()
                  + " passed";
          break;
        }
        try (UploadMemory.Share held = share.get()) {
          return documents.create(
              DocumentCreationRequest.from(media.body())
                  .contentType(media.contentType())
                  .fileName(fileName(task.taskId(), kind.extensionFor(media.contentType())))
                  .timeToLive(plan.timeToLive())
                  .processInstanceKey(where.processInstanceKey())
                  .processDefinitionId(where.processDefinitionId())
                  .customProperties(properties(task, provider))
                  .build());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = "it was interrupted while it waited for memory to upload the file";
        break;
      } catch (DownloadFailure e) {
        failure = e.getMessage();
        tooLarge = e.tooLarge();
        if (!e.worthRetrying()) break;
      } catch (RuntimeException e) {
        DownloadFailure inside = downloadFailureIn(e);
        if (inside != null) {
          failure = inside.getMessage();
          tooLarge = inside.tooLarge();
          if (!inside.worthRetrying()) break;
        } else if (StoreRefusal.saysTooLarge(e)) {
          failure =
              "the document store refused it as too large (HTTP 413: "
                  + StoreRefusal.words(e)
                  + ")";
          tooLarge = true;
          break;
        } else {
          failure = "the document store did not take it: " + e.getMessage();
        }
      } catch (Error e) {
        // Out of memory, say, with a large video in a small heap: not worth another attempt, and
        // the URL is still good.
        failure = "keeping it failed with " + e;
        break;
      }
      LOG.info(
          "Keeping the {} of task {} failed (attempt {}): {}",
          kind.label(),
          task.taskId(),
          attempt,
          failure);
      if (attempt < download.limits().attempts()) pause(attempt);
    }
    throw new NotKept(failure, tooLarge);
  }

  private static Map<String, Object> properties(TaskSnapshot task, ProviderConfig provider) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put("taskId", task.taskId());
    if (task.model() != null) properties.put("model", task.model());
    properties.put("providerType", provider.type().wireName());
    return properties;
  }

  /**
   * A store reads the stream itself, so a download that broke off reaches us wrapped in the store's
   * own exception.
   */
  private static DownloadFailure downloadFailureIn(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof DownloadFailure failure) return failure;
    }
    return null;
  }

  private static void pause(int attempt) {
    try {
      Thread.sleep(Math.min(8_000, 1_000L << (attempt - 1)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * A kept file's name, safe on every file system: the task id, with anything but letters, digits,
   * '.', '_' and '-' as '-'. fal's ids hold the model path and ':', which Windows refuses in a name
   * and a download would otherwise carry.
   */
  static String fileName(String taskId, String extension) {
    return taskId.replaceAll("[^A-Za-z0-9._-]", "-") + extension;
  }
}
