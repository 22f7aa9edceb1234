package dev.seedflow.seedance.client.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.ValidRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * One provider API: what it accepts ({@link #rules()}), how it spells a request and where its
 * endpoints are. Adding an API is one implementation of this, which holds all it knows, and its
 * entry, which the compiler asks for: a {@link ProviderType}, its name in {@code permits} and a
 * line in {@link #of} (NewDialectTest adds one so). Answers are read by the shared, tolerant {@link
 * dev.seedflow.seedance.client.SnapshotParser}, because the dialects' answers overlap far more than
 * their requests do; a dialect first reshapes only what it alone spells differently ({@link
 * #createdTask}, {@link #task}).
 */
public sealed interface Dialect
    permits ArkDialect,
        UnifiedDialect,
        UnifiedLegacyDialect,
        OpenAiCompatibleDialect,
        FalDialect,
        ReplicateDialect {

  /**
   * The error code {@link #task} gives a success that holds no video URL, with a message naming
   * what was there instead: such a task ends in an incident, never in a step completed without its
   * video.
   */
  String NO_VIDEO = "no_video";

  /** What this API accepts: checked before anything is sent. */
  DialectRules rules();

  /**
   * Path of the create call (POST), relative to the base URL: on the hosts it names the model and
   * the mode.
   */
  String createPath(ValidRequest request);

  /** The {@code Authorization} header's value that carries the key. */
  default String authorization(String apiKey) {
    return "Bearer " + apiKey;
  }

  ObjectNode createBody(ValidRequest request);

  /**
   * Headers of the create call, where the API takes a field there (Replicate: its deadline, {@code
   * Cancel-After}).
   */
  default Map<String, String> createHeaders(ValidRequest request) {
    return Map.of();
  }

  /**
   * Whether the API ends a task that has not started by its deadline without charging for it
   * (Replicate's {@code Cancel-After}): the worker then gives it the step's wait timeout where the
   * designer set no {@code video.executionExpiresAfter}, so a task nobody waits for any more costs
   * nothing.
   */
  default boolean endsUnstartedTasksUnpaid() {
    return false;
  }

  /**
   * Query parameters of the create call, where the API takes some there (fal: its webhook URL,
   * {@code fal_webhook}).
   */
  default Map<String, String> createQuery(ValidRequest request) {
    return Map.of();
  }

  /** How this API signs the callbacks it sends (Ark: not at all). */
  default WebhookSigning webhookSigning() {
    return WebhookSigning.NONE;
  }

  /**
   * A callback's body in the fields the shared parser reads, its {@code id} as the callback names
   * the task: for most APIs the body is the task as a read returns it ({@link #task}); fal wraps
   * its result in {@code payload}.
   */
  default JsonNode callbackTask(JsonNode body) {
    return task(body);
  }

  /**
   * The task id a callback is about, from its body and the query parameters of the URL it came to,
   * where it names one: the body's {@code id} for most APIs; for fal, whose webhook names the
   * request id alone, the app the create added to the URL ({@link #createQuery}) and that id.
   */
  default Optional<String> callbackTaskId(JsonNode body, Map<String, String> urlParameters) {
    JsonNode id = body.path("id");
    return id.isTextual() && !id.asText().isBlank() ? Optional.of(id.asText()) : Optional.empty();
  }

  /**
   * Whether the id a callback names is this task's (fal's callback names the request id alone, the
   * end of Seedflow's task id).
   */
  default boolean names(String taskId, String namedId) {
    return taskId.equals(namedId);
  }

  /**
   * Status paths for a task: the documented current one first, then the documented alternatives,
   * tried once each on a 404.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT for an id that cannot be this API's (a fal id
   *     names its model)
   */
  List<String> statusPaths(String taskId);

  /** The cancel call, where the API has one. */
  default Optional<CancelCall> cancelCall(String taskId) {
    return Optional.empty();
  }

  /**
   * Where a finished task's result is read, for an API whose status answer does not carry it (fal):
   * read once, when the status says the task succeeded.
   */
  default Optional<String> resultPath(String taskId) {
    return Optional.empty();
  }

  /**
   * A refused read of a finished task's result that says how the task ended, as the task in the
   * fields the shared parser reads (fal answers the result of a failed request with its error,
   * under a 4xx or a 5xx). Empty: an ordinary refusal, retried or reported as one.
   */
  default Optional<JsonNode> resultInRefusal(int httpStatus, Headers headers, JsonNode body) {
    return Optional.empty();
  }

  /**
   * A refused cancel call whose answer still says what became of the task (fal: 400 {@code
   * ALREADY_COMPLETED}).
   */
  default Optional<JsonNode> cancelInRefusal(int httpStatus, Headers headers, JsonNode body) {
    return Optional.empty();
  }

  /**
   * What a cancel call's answer says; where an API's answer says nothing of note, the call
   * succeeding cancelled the task.
   */
  default CancelOutcome cancelOutcome(JsonNode answer) {
    return CancelOutcome.CANCELLED;
  }

  /**
   * The create's answer in the fields the shared parser reads: {@code id} above all. An answer this
   * API would not give is returned without an id, so the create is reported as taken with no task
   * id, never sent again.
   */
  default JsonNode createdTask(JsonNode answer, HttpUrl baseUrl) {
    return answer;
  }

  /** A status or result answer in the fields the shared parser reads. */
  default JsonNode task(JsonNode answer) {
    return answer;
  }

  /** A URL that reads up to {@link #maxTasksPerRead()} tasks in one call, where the API has one. */
  default Optional<HttpUrl> readManyUrl(HttpUrl baseUrl, List<String> taskIds) {
    return Optional.empty();
  }

  default int maxTasksPerRead() {
    return 1;
  }

  /**
   * A URL of one page of the tasks made with a model (or of every task, where the API cannot filter
   * by model), newest first where the API sorts them so, where the API has such a list: it finds
   * the task of a create whose answer was lost. Its items must echo the seed and the creation time
   * ({@link #listItems}).
   */
  default Optional<HttpUrl> listUrl(HttpUrl baseUrl, String model, int page, int pageSize) {
    return Optional.empty();
  }

  /**
   * A list page's tasks in the fields the shared parser reads ({@code id}, {@code model}, {@code
   * seed}, {@code created_at}).
   */
  default JsonNode listItems(JsonNode page) {
    return page.has("items") ? page.get("items") : page.path("data").path("items");
  }

  /**
   * The URL of the page after {@code page}, or empty where it was the last. By default a page
   * shorter than the size asked for is the last, and the next is numbered; an API that pages by
   * cursor (Replicate) gives the next page's URL.
   */
  default Optional<HttpUrl> nextListUrl(
      HttpUrl baseUrl, String model, int page, int pageSize, JsonNode answer) {
    return listItems(answer).size() < pageSize
        ? Optional.empty()
        : listUrl(baseUrl, model, page + 1, pageSize);
  }

  /**
   * Whether a refused create says the account's queue of unfinished tasks is full: nothing was
   * created, and a create may be taken once a task ends, so the caller waits for room instead of
   * asking again at once.
   */
  default boolean saysQueueFull(SeedanceException refused) {
    return false;
  }

  static Dialect of(ProviderType type) {
    return switch (type) {
      case ARK -> ArkDialect.INSTANCE;
      case UNIFIED -> UnifiedDialect.INSTANCE;
      case UNIFIED_LEGACY -> UnifiedLegacyDialect.INSTANCE;
      case OPENAI_COMPATIBLE -> OpenAiCompatibleDialect.INSTANCE;
      case FAL -> FalDialect.INSTANCE;
      case REPLICATE -> ReplicateDialect.INSTANCE;
    };
  }
}
