package dev.seedflow.seedance.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.seedflow.seedance.client.dialect.CancelCall;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.client.dialect.WebhookSigning;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.RequestValidator;
import dev.seedflow.seedance.request.TaskIds;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.request.ValidRequest;
import dev.seedflow.seedance.request.VideoRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * Creates, reads and cancels Seedance video tasks in any supported dialect. Plain Java: no Camunda
 * types, so the connector, the worker and the runner share it. Thread-safe; one instance per
 * application is enough.
 */
public final class SeedanceClient implements AutoCloseable {
  private static final MediaType JSON_TYPE = MediaType.get("application/json");

  private final ClientSettings settings;
  private final ProviderCalls calls;
  private final ProviderHttp http;

  /**
   * Per base URL, which of a dialect's documented status paths answered, so the 404 fallback is
   * paid once.
   */
  private final Map<String, Integer> workingStatusPath = new ConcurrentHashMap<>();

  public SeedanceClient(ClientSettings settings) {
    this(settings, ProviderCalls.NONE);
  }

  /**
   * @param calls told how each request to a provider ended (the worker's meters)
   */
  public SeedanceClient(ClientSettings settings, ProviderCalls calls) {
    this.settings = settings;
    this.calls = calls;
    this.http = new ProviderHttp(settings, calls);
  }

  /**
   * The timeouts and retry rules this client works by (a caller that waits on it plans with them).
   */
  public ClientSettings settings() {
    return settings;
  }

  /**
   * Downloads of result media within these limits, under this client's rule for where media may be
   * (a local run or not).
   */
  public ResultDownload download(DownloadLimits limits) {
    return new ResultDownload(limits, settings.localRun(), calls);
  }

  /**
   * Submits a validated request once ({@link #validate} makes one).
   *
   * @throws SeedanceException SEEDANCE_SUBMIT_OUTCOME_UNKNOWN when the provider may have taken the
   *     task but did not confirm it
   * @throws IllegalArgumentException for a request validated for another provider's API
   */
  public TaskSnapshot create(ProviderConfig provider, ValidRequest valid) {
    if (!valid.isFor(provider.type())) {
      throw new IllegalArgumentException(
          "a request validated for the "
              + valid.rules().type()
              + " API cannot be sent to the "
              + provider.type()
              + " API");
    }
    VideoRequest video = valid.video();
    Secrets secrets = new Secrets(provider.apiKey());
    try {
      Dialect dialect = Dialect.of(provider.type());
      HttpUrl.Builder createUrl = url(provider, dialect.createPath(valid)).newBuilder();
      dialect.createQuery(valid).forEach(createUrl::addQueryParameter);
      Request.Builder create =
          authorized(provider, createUrl.build(), ProviderCalls.Kind.CREATE)
              .post(RequestBody.create(dialect.createBody(valid).toString(), JSON_TYPE));
      dialect.createHeaders(valid).forEach(create::header);
      Request request = create.build();
      JsonNode answer = http.sendCreate(request, secrets, dialect);
      TaskSnapshot task;
      try {
        task = SnapshotParser.parse(dialect.createdTask(answer, HttpUrl.get(provider.baseUrl())));
      } catch (SeedanceException noTask) {
        task = null;
      }
      if (task == null || task.taskId() == null) {
        throw SeedanceException.of(
                ErrorCode.SUBMIT_OUTCOME_UNKNOWN,
                "the provider accepted the create call but its answer names no task id; it was not"
                    + " sent again")
            .providerMessage(secrets.quote(answer.toString()))
            .build();
      }
      if (!TaskIds.isSafe(task.taskId())) {
        throw SeedanceException.of(
                ErrorCode.BAD_RESPONSE,
                "the provider accepted the create call, so a task may exist and be billed, "
                    + "but the task id it gave is not one this client will use in a request: '"
                    + Text.shown(task.taskId())
                    + "'; it was not sent again. Look for the task in the provider console")
            .build();
      }
      // Ark answers a create with the id alone. An answer whose other fields are refused (an unsafe
      // result URL) still
      // made this task: its id is kept, and the wait's reads judge the task on what they find.
      if ((task.status() == TaskStatus.UNKNOWN && task.rawStatus() == null)
          || ResultUrls.refusal(task, settings.localRun()).isPresent()) {
        task = TaskSnapshot.submitted(task.taskId(), video.model());
      }
      return secrets.redact(task);
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * Checks a request against its provider's rules, sending nothing; {@link #create} does the same
   * before it sends.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT naming every problem
   */
  public ValidRequest validate(ProviderConfig provider, VideoRequest video) {
    return RequestValidator.validate(provider, video, Dialect.of(provider.type()).rules());
  }

  /**
   * Reads a task once (with the read retries), trying the dialect's documented alternative path
   * once on a 404, and reading its result where the API keeps it apart from the status (fal).
   */
  public TaskSnapshot get(ProviderConfig provider, String taskId) {
    Secrets secrets = new Secrets(provider.apiKey());
    try {
      return secrets.redact(
          urlsChecked(fetch(provider, taskId, secrets, ProviderHttp.Pacing.CLIENT)));
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * One task as the provider answers it, its result URLs not yet checked; the key not yet removed.
   */
  private TaskSnapshot fetch(
      ProviderConfig provider, String taskId, Secrets secrets, ProviderHttp.Pacing pacing) {
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
        TaskSnapshot task =
            read(
                provider,
                url(provider, paths.get(index)),
                id,
                secrets,
                pacing,
                ProviderHttp.AnswerInRefusal.NONE);
        workingStatusPath.put(key, index);
        Optional<String> result = dialect.resultPath(id);
        return result.isPresent()
                && task.status() == TaskStatus.SUCCEEDED
                && task.videoUrl() == null
            ? read(
                provider,
                url(provider, result.get()),
                id,
                secrets,
                pacing,
                dialect::resultInRefusal)
            : task;
      } catch (SeedanceException e) {
        if (e.errorCode() != ErrorCode.NOT_FOUND) throw e;
        notFound = notFound == null ? e : notFound;
      }
    }
    throw notFound;
  }

  /**
   * The task a callback is about, from its body and the query parameters of the URL it came to,
   * where it names one a task id may be (fal's names the request id, and its URL the app: see the
   * fal dialect).
   */
  public Optional<String> callbackTaskId(
      ProviderConfig provider, Map<String, String> urlParameters, byte[] body) {
    return jsonObject(body)
        .flatMap(json -> Dialect.of(provider.type()).callbackTaskId(json, urlParameters))
        .filter(TaskIds::isSafe);
  }

  /**
   * A callback's body as a JSON object, read within the provider answers' limits; empty when it is
   * none.
   */
  private static Optional<JsonNode> jsonObject(byte[] body) {
    try {
      JsonNode json = ProviderJson.read(new String(body, StandardCharsets.UTF_8));
      return json != null && json.isObject() ? Optional.of(json) : Optional.empty();
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }

  /** The task, where its result URLs may be used here; else the refusal, as a read's is refused. */
  private TaskSnapshot urlsChecked(TaskSnapshot task) {
    Optional<SeedanceException> refused = ResultUrls.refusal(task, settings.localRun());
    if (refused.isPresent()) throw refused.get();
    return task;
  }

  /**
   * The task a callback's body describes, as a read of it would give it, where the body names this
   * task: its result URLs checked as a read's are, and the key removed. For a callback whose
   * signature was verified, which is the provider's own word; never for one that is only a hint.
   *
   * @return empty when the body names another task, or none
   * @throws SeedanceException SEEDANCE_BAD_RESPONSE for a body that is not a task, or whose result
   *     URL is refused
   */
  public Optional<TaskSnapshot> callbackTask(ProviderConfig provider, String taskId, byte[] body) {
    Dialect dialect = Dialect.of(provider.type());
    Secrets secrets = new Secrets(provider.apiKey());
    try {
      JsonNode json =
          jsonObject(body)
              .orElseThrow(
                  () ->
                      SeedanceException.of(
                              ErrorCode.BAD_RESPONSE,
                              "the provider's callback is not a JSON object")
                          .taskId(taskId)
                          .build());
      TaskSnapshot named = SnapshotParser.parse(dialect.callbackTask(json));
      if (named.taskId() == null || !dialect.names(taskId, named.taskId())) return Optional.empty();
      return Optional.of(secrets.redact(urlsChecked(named.withTaskId(taskId))));
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * The account's webhook signing secret, read with its key at {@code path} (Replicate: {@code
   * {"key": "whsec_..."}}).
   *
   * @throws SeedanceException when it cannot be read, or the answer holds none
   */
  String webhookSecret(ProviderConfig provider, String path) {
    Secrets secrets = new Secrets(provider.apiKey());
    try {
      JsonNode answer =
          http.sendRepeatable(
              authorized(provider, url(provider, path), ProviderCalls.Kind.READ).get().build(),
              null,
              secrets,
              ProviderHttp.Pacing.CLIENT);
      String key = answer.path("key").asText("");
      if (key.isBlank())
        throw SeedanceException.of(
                ErrorCode.BAD_RESPONSE,
                "the provider's answer holds no webhook signing secret (key)")
            .build();
      return key;
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * Cancels a task that has not finished. A finished task is left as it is (Ark's DELETE would
   * erase its record) and returned unchanged. What comes back is what the cancel's answer says:
   * cancelled; or, where the API only signals a running task (fal's {@code
   * CANCELLATION_REQUESTED}), the task as it was, with that word as its raw status, since it may
   * still finish; or, where the task ended meanwhile, the task read again.
   */
  public TaskSnapshot cancel(ProviderConfig provider, String taskId) {
    TaskSnapshot current = get(provider, taskId);
    if (current.status().isFinal()) {
      return current;
    }
    Dialect dialect = Dialect.of(provider.type());
    CancelCall call =
        dialect
            .cancelCall(current.taskId() == null ? taskId.trim() : current.taskId())
            .orElseThrow(
                () ->
                    SeedanceException.of(
                            ErrorCode.INVALID_INPUT,
                            "the "
                                + provider.type()
                                + " API has no cancel call, so the task cannot be cancelled from"
                                + " here; cancel it in the provider's console")
                        .taskId(taskId)
                        .build());
    Secrets secrets = new Secrets(provider.apiKey());
    try {
      Request.Builder request =
          authorized(provider, url(provider, call.path()), ProviderCalls.Kind.CANCEL);
      request.method(
          call.method(),
          call.method().equals("DELETE") ? null : RequestBody.create(new byte[0], JSON_TYPE));
      JsonNode answer =
          http.sendRepeatable(
              request.build(),
              taskId,
              secrets,
              ProviderHttp.Pacing.CLIENT,
              dialect::cancelInRefusal);
      return switch (dialect.cancelOutcome(answer)) {
        case CANCELLED -> current.withStatus(TaskStatus.CANCELLED);
        case REQUESTED -> current.withRawStatus(answer.path("status").asText(current.rawStatus()));
        case ALREADY_ENDED -> get(provider, taskId);
      };
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * The request as the worker sends it: where the designer left the seed to chance and the dialect
   * takes one (not when finalising a draft, which keeps the draft's), with a seed picked at random
   * in [0, 2^32-1], as the provider would pick one; and the fingerprint that finds its task in the
   * provider's list should the create's answer be lost.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT naming every problem
   */
  public FingerprintedRequest fingerprinted(ProviderConfig provider, ValidRequest valid) {
    DialectRules rules = valid.rules();
    VideoRequest video = valid.video();
    boolean picked =
        video.chosenSeed() == null
            && rules.options().contains(Option.SEED)
            && video.mode() != Mode.DRAFT;
    if (picked) {
      valid =
          RequestValidator.validate(
              provider,
              video.withSeed(
                  ThreadLocalRandom.current()
                      .nextLong(
                          Math.max(0, rules.minSeed()),
                          Math.min(rules.maxSeed(), DialectRules.UINT32_MAX) + 1)),
              rules);
    }
    VideoRequest settled = valid.video();
    return new FingerprintedRequest(
        valid,
        new CreateFingerprint(
            settled.model(),
            settled.chosenSeed(),
            picked,
            settled.duration(),
            settled.aspectRatio(),
            settled.resolution()));
  }

  /**
   * Whether this provider calls back once, at the end, and delivers again until it is acknowledged:
   * the hosts that sign their webhooks (fal retries for about 2 hours, Replicate its terminal
   * events), where Ark calls on each change.
   */
  public boolean callsBackOnlyAtTheEnd(ProviderConfig provider) {
    return !(Dialect.of(provider.type()).webhookSigning() instanceof WebhookSigning.None);
  }

  /**
   * The request as the worker sends it for a step that waits {@code waitTimeout}: where the API
   * ends an unstarted task unpaid at a deadline (Replicate) and the designer set none, with that
   * wait as the deadline, so a task nobody waits for any more costs nothing.
   */
  public VideoRequest withWaitAsDeadline(
      ProviderConfig provider, VideoRequest video, Duration waitTimeout) {
    if (video == null
        || video.executionExpiresAfter() != null
        || !Dialect.of(provider.type()).endsUnstartedTasksUnpaid()) return video;
    return video.withExecutionExpiresAfter(
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, waitTimeout.toSeconds())));
  }

  /**
   * Whether {@link #findLostCreate} can search this provider: its API lists its tasks (Ark,
   * Replicate).
   */
  public boolean findsLostCreates(ProviderConfig provider) {
    return Dialect.of(provider.type())
        .listUrl(HttpUrl.get(provider.baseUrl()), "", 1, 1)
        .isPresent();
  }

  /**
   * Looks in the provider's list of the model's tasks, made since {@code since}, for the one task a
   * lost create made (with the read retries). Call it only once that create cannot still be in
   * flight.
   *
   * @throws SeedanceException when the list cannot be read
   */
  public LostCreate findLostCreate(
      ProviderConfig provider, CreateFingerprint fingerprint, Instant since) {
    if (fingerprint.seed() == null) {
      return new LostCreate.Unclear(
          "the create carried no seed to recognise its task by", List.of());
    }
    Dialect dialect = Dialect.of(provider.type());
    Secrets secrets = new Secrets(provider.apiKey());
    HttpUrl base = HttpUrl.get(provider.baseUrl());
    LostCreateSearch search = new LostCreateSearch(fingerprint, since);
    try {
      Optional<HttpUrl> url =
          dialect.listUrl(base, fingerprint.model(), 1, LostCreateSearch.PAGE_SIZE);
      if (url.isEmpty())
        throw SeedanceException.of(
                ErrorCode.INVALID_INPUT,
                "the " + provider.type() + " API has no task list to search")
            .build();
      for (int page = 1; page <= LostCreateSearch.MOST_PAGES; page++) {
        JsonNode answer =
            http.sendRepeatable(
                authorized(provider, url.get(), ProviderCalls.Kind.LIST).get().build(),
                null,
                secrets,
                ProviderHttp.Pacing.CLIENT);
        boolean olderFromHere = search.take(dialect.listItems(answer));
        url =
            dialect.nextListUrl(
                base, fingerprint.model(), page, LostCreateSearch.PAGE_SIZE, answer);
        if (olderFromHere || url.isEmpty()) {
          LostCreate verdict = search.verdict();
          return verdict instanceof LostCreate.Found found
              ? new LostCreate.Found(secrets.redact(found.task()))
              : verdict;
        }
      }
      return search.tooLong();
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * Whether a create was refused because the account's queue of unfinished tasks is full, as this
   * provider says it. Nothing was created, and a create may be taken once a task ends.
   */
  public boolean saysQueueFull(ProviderConfig provider, SeedanceException refused) {
    return Dialect.of(provider.type()).saysQueueFull(refused);
  }

  /**
   * How many tasks one read request takes at this provider: more than one where the API lists tasks
   * by id (Ark: 500), so reads due together go out as one; its dialect says.
   */
  public int tasksPerRead(ProviderConfig provider) {
    return Dialect.of(provider.type()).maxTasksPerRead();
  }

  /**
   * Reads many tasks, in as few requests as the dialect allows (Ark: up to 500 per list call), for
   * a caller that paces its reads itself: a rate limit (429) is thrown at once, not waited out.
   * Tasks the provider does not know are in neither map of the answer.
   */
  public TaskReads getMany(ProviderConfig provider, List<String> taskIds) {
    Map<String, TaskSnapshot> found = new LinkedHashMap<>();
    Map<String, SeedanceException> refused = new LinkedHashMap<>();
    Dialect dialect = Dialect.of(provider.type());
    Secrets secrets = new Secrets(provider.apiKey());
    try {
      if (dialect.maxTasksPerRead() <= 1) {
        for (String id : taskIds) {
          try {
            sort(fetch(provider, id, secrets, ProviderHttp.Pacing.CALLER), secrets, found, refused);
          } catch (SeedanceException e) {
            if (e.errorCode() != ErrorCode.NOT_FOUND) throw e;
          }
        }
        return new TaskReads(found, refused);
      }
      taskIds.forEach(id -> RequestValidator.validateTaskCall(provider, id));
      for (int from = 0; from < taskIds.size(); from += dialect.maxTasksPerRead()) {
        Set<String> chunk =
            new LinkedHashSet<>(
                taskIds.subList(from, Math.min(taskIds.size(), from + dialect.maxTasksPerRead())));
        HttpUrl url =
            dialect.readManyUrl(HttpUrl.get(provider.baseUrl()), List.copyOf(chunk)).orElseThrow();
        JsonNode answer =
            http.sendRepeatable(
                authorized(provider, url, ProviderCalls.Kind.READ).get().build(),
                null,
                secrets,
                ProviderHttp.Pacing.CALLER);
        for (SnapshotParser.ListItem item : SnapshotParser.parseList(answer)) {
          // Only the tasks asked for: a list answer cannot slip in an id of its own. A garbled item
          // fails its own task alone.
          if (item.id() == null || !chunk.contains(item.id())) continue;
          if (item.task() != null) {
            sort(item.task(), secrets, found, refused);
          } else {
            refused.put(item.id(), secrets.redact(item.failure()));
          }
        }
      }
      return new TaskReads(found, refused);
    } catch (SeedanceException e) {
      throw secrets.redact(e);
    }
  }

  /**
   * The task under the id that was asked for, whatever id (if any) the answer repeats. A refusal
   * that says how the task ended ({@code answers}: a failed fal request's result) is that ending,
   * in the provider's words.
   */
  private TaskSnapshot read(
      ProviderConfig provider,
      HttpUrl url,
      String taskId,
      Secrets secrets,
      ProviderHttp.Pacing pacing,
      ProviderHttp.AnswerInRefusal answers) {
    Dialect dialect = Dialect.of(provider.type());
    return SnapshotParser.parse(
            dialect.task(
                http.sendRepeatable(
                    authorized(provider, url, ProviderCalls.Kind.READ).get().build(),
                    taskId,
                    secrets,
                    pacing,
                    answers)))
        .withTaskId(taskId);
  }

  /**
   * Into {@code found} with the key removed from its text, or into {@code refused} when a result
   * URL is refused.
   */
  private void sort(
      TaskSnapshot task,
      Secrets secrets,
      Map<String, TaskSnapshot> found,
      Map<String, SeedanceException> refused) {
    ResultUrls.refusal(task, settings.localRun())
        .ifPresentOrElse(
            refusal -> refused.put(task.taskId(), secrets.redact(refusal)),
            () -> found.put(task.taskId(), secrets.redact(task)));
  }

  private static HttpUrl url(ProviderConfig provider, String path) {
    HttpUrl base = HttpUrl.get(provider.baseUrl());
    return base.newBuilder().addPathSegments(path.substring(1)).build();
  }

  /**
   * With the key, and asking for an uncompressed answer: its size limit then counts what is kept in
   * memory. Tagged with its kind, for {@link ProviderCalls}.
   */
  private static Request.Builder authorized(
      ProviderConfig provider, HttpUrl url, ProviderCalls.Kind kind) {
    return new Request.Builder()
        .url(url)
        .tag(ProviderCalls.Tag.class, new ProviderCalls.Tag(provider.type(), kind))
        .header("Authorization", Dialect.of(provider.type()).authorization(provider.apiKey()))
        .header("Accept", "application/json")
        .header("Accept-Encoding", "identity");
  }

  @Override
  public void close() {
    http.close();
  }
}
