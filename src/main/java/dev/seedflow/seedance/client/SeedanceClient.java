package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Creates, reads and cancels Seedance video tasks in any supported dialect. Plain Java: no Camunda types, so the
 * connector, the worker and the runner share it. Thread-safe; one instance per application is enough.
 */
public final class SeedanceClient implements AutoCloseable {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final ProviderHttp http;
  /** Per base URL, which of a dialect's documented status paths answered, so the 404 fallback is paid once. */
  private final Map<String, Integer> workingStatusPath = new ConcurrentHashMap<>();

  public SeedanceClient() {
    this(ClientSettings.defaults());
  }

  /** One client for the JVM with the default settings, for components the runtime creates without arguments. */
  public static SeedanceClient shared() {
    return Shared.INSTANCE;
  }

  private static final class Shared {
    static final SeedanceClient INSTANCE = new SeedanceClient();
  }

  public SeedanceClient(ClientSettings settings) {
    this.http = new ProviderHttp(settings);
  }

  /**
   * Validates the request, then submits it once. Nothing is sent when validation fails.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT before any request; SEEDANCE_SUBMIT_OUTCOME_UNKNOWN when the
   *     provider may have taken the task but did not confirm it
   */
  public TaskSnapshot create(ProviderConfig provider, VideoRequest video) {
    ValidRequest valid = RequestValidator.validate(provider, video);
    Dialect dialect = Dialect.of(provider.type());
    Request request = authorized(provider, url(provider, dialect.createPath()))
        .post(RequestBody.create(dialect.createBody(valid).toString(), JSON_TYPE))
        .build();
    JsonNode answer = http.submit(request, new Secrets(provider.apiKey()));
    TaskSnapshot task;
    try {
      task = SnapshotParser.parse(answer);
    } catch (SeedanceException noTask) {
      task = null;
    }
    if (task == null || task.taskId() == null) {
      throw SeedanceException.of(ErrorCode.SUBMIT_OUTCOME_UNKNOWN, "the provider accepted the create call but its answer names no task id; it was not sent again")
          .providerMessage(SnapshotParser.abbreviate(answer.toString()))
          .build();
    }
    // Ark answers a create with the id alone.
    if (task.status() == TaskStatus.UNKNOWN && task.rawStatus() == null) {
      task = TaskSnapshot.submitted(task.taskId(), video.model());
    }
    return task;
  }

  /** Reads a task once (with the read retries), trying the dialect's documented alternative path once on a 404. */
  public TaskSnapshot get(ProviderConfig provider, String taskId) {
    RequestValidator.validateTaskCall(provider, taskId);
    String id = taskId.trim();
    Dialect dialect = Dialect.of(provider.type());
    List<String> paths = dialect.statusPaths(id);
    String key = provider.type() + " " + provider.baseUrl();
    int first = workingStatusPath.getOrDefault(key, 0);
    SeedanceException notFound = null;
    for (int i = 0; i < paths.size(); i++) {
      int index = (first + i) % paths.size();
      try {
        TaskSnapshot task = read(provider, url(provider, paths.get(index)), id);
        workingStatusPath.put(key, index);
        return task;
      } catch (SeedanceException e) {
        if (e.errorCode() != ErrorCode.NOT_FOUND) throw e;
        notFound = notFound == null ? e : notFound;
      }
    }
    throw notFound;
  }

  /**
   * Cancels a task that has not finished. A finished task is left as it is (Ark's DELETE would erase its record)
   * and returned unchanged.
   */
  public TaskSnapshot cancel(ProviderConfig provider, String taskId) {
    TaskSnapshot current = get(provider, taskId);
    if (current.status().isFinal()) {
      return current;
    }
    Dialect dialect = Dialect.of(provider.type());
    String path = dialect.cancelPath(current.taskId() == null ? taskId.trim() : current.taskId())
        .orElseThrow(() -> SeedanceException.of(ErrorCode.INVALID_INPUT,
                "the " + provider.type() + " API has no cancel call, so the task cannot be cancelled from here; cancel it in the provider's console")
            .taskId(taskId).build());
    http.read(authorized(provider, url(provider, path)).delete().build(), taskId, new Secrets(provider.apiKey()));
    return current.withStatus(TaskStatus.CANCELLED);
  }

  /** Whether {@link #getMany} reads many tasks in one request for this provider. */
  public boolean readsManyAtOnce(ProviderConfig provider) {
    return Dialect.of(provider.type()).maxTasksPerRead() > 1;
  }

  /**
   * Reads many tasks, in as few requests as the dialect allows (Ark: up to 500 per list call). Tasks the
   * provider does not know are absent from the answer.
   */
  public Map<String, TaskSnapshot> getMany(ProviderConfig provider, List<String> taskIds) {
    Map<String, TaskSnapshot> found = new LinkedHashMap<>();
    Dialect dialect = Dialect.of(provider.type());
    if (dialect.maxTasksPerRead() <= 1) {
      for (String id : taskIds) {
        try {
          found.put(id, get(provider, id));
        } catch (SeedanceException e) {
          if (e.errorCode() != ErrorCode.NOT_FOUND) throw e;
        }
      }
      return found;
    }
    taskIds.forEach(id -> RequestValidator.validateTaskCall(provider, id));
    for (int from = 0; from < taskIds.size(); from += dialect.maxTasksPerRead()) {
      List<String> chunk = new ArrayList<>(taskIds.subList(from, Math.min(taskIds.size(), from + dialect.maxTasksPerRead())));
      HttpUrl url = dialect.readManyUrl(HttpUrl.get(provider.baseUrl()), chunk).orElseThrow();
      JsonNode answer = http.read(authorized(provider, url).get().build(), null, new Secrets(provider.apiKey()));
      for (TaskSnapshot task : SnapshotParser.parseList(answer)) {
        if (task.taskId() != null && chunk.contains(task.taskId())) {
          found.put(task.taskId(), task);
        }
      }
    }
    return found;
  }

  private TaskSnapshot read(ProviderConfig provider, HttpUrl url, String taskId) {
    JsonNode answer = http.read(authorized(provider, url).get().build(), taskId, new Secrets(provider.apiKey()));
    TaskSnapshot task = SnapshotParser.parse(answer);
    return task.taskId() == null ? new TaskSnapshot(taskId, task.status(), task.rawStatus(), task.progress(), task.videoUrl(),
        task.lastFrameUrl(), task.model(), task.resolution(), task.ratio(), task.duration(), task.seed(), task.usage(),
        task.error(), task.createdAt(), task.updatedAt()) : task;
  }

  private static HttpUrl url(ProviderConfig provider, String path) {
    HttpUrl base = HttpUrl.get(provider.baseUrl());
    return base.newBuilder().addPathSegments(path.substring(1)).build();
  }

  private static Request.Builder authorized(ProviderConfig provider, HttpUrl url) {
    return new Request.Builder().url(url)
        .header("Authorization", "Bearer " + provider.apiKey())
        .header("Accept", "application/json");
  }

  @Override
  public void close() {
    http.close();
  }
}
