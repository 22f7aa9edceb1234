package dev.seedflow.seedance.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.junit5.StartStop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * How a create whose answer was lost is found in the provider's list: the matching and the paging,
 * against a scripted Ark list over real HTTP.
 */
class LostCreateTest {
  private static final String MODEL = "dreamina-seedance-2-0-260128";
  private static final Instant SINCE = Instant.parse("2026-12-01T10:00:00Z");
  private static final CreateFingerprint PICKED =
      new CreateFingerprint(MODEL, 123_456_789L, true, 5, "16:9", "720p");

  @StartStop private final MockWebServer server = new MockWebServer();
  private final SeedanceClient client =
      new SeedanceClient(
          ClientSettings.forLocalRun()
              .withRetries(
                  new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(50)),
                  new RetryPolicy(1, Duration.ofMillis(20), Duration.ofMillis(50))));

  @AfterEach
  void close() {
    client.close();
  }

  private ProviderConfig ark() {
    return new ProviderConfig(ProviderType.ARK, server.url("/").toString(), "sk-test");
  }

  /** An Ark list item, created {@code secondsAfter} the intent. */
  private static String item(String id, long seed, long secondsAfter) {
    return "{\"id\": \""
        + id
        + "\", \"model\": \""
        + MODEL
        + "\", \"status\": \"running\", \"seed\": "
        + seed
        + ", \"duration\": 5, \"ratio\": \"16:9\", "
        + "\"resolution\": \"720p\", \"created_at\": "
        + SINCE.plusSeconds(secondsAfter).getEpochSecond()
        + "}";
  }

  private void page(long total, List<String> items) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body("{\"total\": " + total + ", \"items\": [" + String.join(",", items) + "]}")
            .build());
  }

  /**
   * A full page of 500 tasks of others, newest first, from {@code newest} seconds after the intent
   * down.
   */
  private static List<String> othersPage(int pageIndex, long newest) {
    List<String> items = new ArrayList<>();
    for (int i = 0; i < LostCreateSearch.PAGE_SIZE; i++)
      items.add(item("cgt-other-" + pageIndex + "-" + i, 1000 + i, newest - i));
    return items;
  }

  @Test
  void oneMatchIsTheTaskTheCreateMade() throws Exception {
    page(
        3,
        List.of(
            item("cgt-newer", 7, 60),
            item("cgt-ours", PICKED.seed(), 30),
            item("cgt-older", 8, 10)));
    LostCreate verdict = client.findLostCreate(ark(), PICKED, SINCE);
    assertThat(verdict).isEqualTo(new LostCreate.Found(((LostCreate.Found) verdict).task()));
    assertThat(((LostCreate.Found) verdict).task().taskId()).isEqualTo("cgt-ours");
    RecordedRequest asked = server.takeRequest();
    assertThat(asked.getUrl().queryParameter("filter.model")).isEqualTo(MODEL);
    assertThat(asked.getUrl().queryParameter("page_num")).isEqualTo("1");
    assertThat(asked.getUrl().queryParameter("page_size")).isEqualTo("500");
  }

  @Test
  void noMatchMeansTheProviderMadeNothing() {
    page(2, List.of(item("cgt-a", 7, 60), item("cgt-b", 8, 10)));
    assertThat(client.findLostCreate(ark(), PICKED, SINCE)).isInstanceOf(LostCreate.NotMade.class);
  }

  @Test
  void twoMatchesAreForAPersonWithBothCandidatesNamed() {
    page(2, List.of(item("cgt-one", PICKED.seed(), 60), item("cgt-two", PICKED.seed(), 10)));
    LostCreate verdict = client.findLostCreate(ark(), PICKED, SINCE);
    assertThat(verdict)
        .isInstanceOfSatisfying(
            LostCreate.Unclear.class,
            unclear -> {
              assertThat(unclear.candidates()).containsExactly("cgt-one", "cgt-two");
              assertThat(unclear.why()).contains("2 tasks");
            });
  }

  @Test
  void aMatchOnTheThirdPageIsFound() throws Exception {
    page(1200, othersPage(1, 3000));
    page(1200, othersPage(2, 2400));
    page(1200, List.of(item("cgt-deep", PICKED.seed(), 100)));
    LostCreate verdict = client.findLostCreate(ark(), PICKED, SINCE);
    assertThat(verdict)
        .isInstanceOfSatisfying(
            LostCreate.Found.class,
            found -> assertThat(found.task().taskId()).isEqualTo("cgt-deep"));
    assertThat(server.getRequestCount()).isEqualTo(3);
    server.takeRequest();
    server.takeRequest();
    assertThat(server.takeRequest().getUrl().queryParameter("page_num")).isEqualTo("3");
  }

  @Test
  void aTotalTooSmallDoesNotEndTheSearchBeforeTheTask() {
    page(1, othersPage(1, 3000)); // a full page, and a total that says there is nothing more
    page(1, List.of(item("cgt-hidden", PICKED.seed(), 100)));
    assertThat(client.findLostCreate(ark(), PICKED, SINCE)).isInstanceOf(LostCreate.Found.class);
    assertThat(server.getRequestCount()).isEqualTo(2);
  }

  @Test
  void pagesOlderThanTheIntentEndTheSearch() {
    List<String> items =
        new ArrayList<>(othersPage(1, 200)); // the last 300 are older than the intent
    page(5000, items);
    assertThat(client.findLostCreate(ark(), PICKED, SINCE)).isInstanceOf(LostCreate.NotMade.class);
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aListThatKeepsFailingIsAnErrorNotAVerdict() {
    for (int i = 0; i < 3; i++) {
      server.enqueue(
          new MockResponse.Builder()
              .code(500)
              .body("{\"error\": {\"code\": \"InternalServiceError\", \"message\": \"boom\"}}")
              .build());
    }
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.findLostCreate(ark(), PICKED, SINCE));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
    assertThat(e.getMessage()).contains("InternalServiceError");
  }

  @Test
  void aDesignersOwnSeedTellsNoInstanceFromAnotherSoOneMatchIsForAPerson() {
    CreateFingerprint designers = new CreateFingerprint(MODEL, 42L, false, 5, "16:9", "720p");
    page(1, List.of(item("cgt-maybe-a-siblings", 42, 30)));
    assertThat(client.findLostCreate(ark(), designers, SINCE))
        .isInstanceOfSatisfying(
            LostCreate.Unclear.class,
            unclear -> assertThat(unclear.candidates()).containsExactly("cgt-maybe-a-siblings"));
    page(1, List.of(item("cgt-other", 43, 30)));
    assertThat(client.findLostCreate(ark(), designers, SINCE))
        .as("no task with the seed: nothing was made")
        .isInstanceOf(LostCreate.NotMade.class);
  }

  @Test
  void anItemThatCannotBeReadMightBeTheTaskSoNothingIsSubmittedAnew() {
    page(
        2,
        List.of(
            item("cgt-a", 7, 60),
            "{\"model\": \""
                + MODEL
                + "\", \"status\": \"running\", \"created_at\": "
                + SINCE.plusSeconds(5).getEpochSecond()
                + "}"));
    assertThat(client.findLostCreate(ark(), PICKED, SINCE)).isInstanceOf(LostCreate.Unclear.class);
  }

  @Test
  void aTaskThatEchoesOtherSettingsIsNotOurs() {
    page(
        1,
        List.of(
            item("cgt-same-seed-other-shape", PICKED.seed(), 30)
                .replace("\"duration\": 5", "\"duration\": 10")));
    assertThat(client.findLostCreate(ark(), PICKED, SINCE)).isInstanceOf(LostCreate.NotMade.class);
  }

  @Test
  void gatewaysAndFalHaveNoListToSearch() {
    assertThat(client.findsLostCreates(ark())).isTrue();
    assertThat(client.findsLostCreates(replicate())).isTrue();
    assertThat(
            client.findsLostCreates(
                new ProviderConfig(ProviderType.UNIFIED, server.url("/").toString(), "sk-test")))
        .isFalse();
    assertThat(
            client.findsLostCreates(
                new ProviderConfig(ProviderType.FAL, server.url("/").toString(), "fal-test")))
        .isFalse();
  }

  private ProviderConfig replicate() {
    return new ProviderConfig(ProviderType.REPLICATE, server.url("/").toString(), "r8_test");
  }

  /**
   * A Replicate prediction as its list shows it: the model, and what the create sent under {@code
   * input}.
   */
  private static String prediction(String id, String model, Long seed, long secondsAfter) {
    return "{\"id\": \""
        + id
        + "\", \"model\": \""
        + model
        + "\", \"status\": \"processing\", \"created_at\": \""
        + SINCE.plusSeconds(secondsAfter)
        + "\", \"output\": null, \"input\": {\"prompt\": \"p\""
        + (seed == null ? "" : ", \"seed\": " + seed)
        + ", \"duration\": 5, \"aspect_ratio\": \"16:9\", \"resolution\": \"720p\"}}";
  }

  private void predictions(String next, String... results) {
    server.enqueue(
        new MockResponse.Builder()
            .code(200)
            .addHeader("Content-Type", "application/json")
            .body(
                "{\"next\": "
                    + (next == null ? "null" : "\"" + next + "\"")
                    + ", \"previous\": null, \"results\": ["
                    + String.join(",", results)
                    + "]}")
            .build());
  }

  /**
   * Replicate lists every model's predictions, newest first, by cursor: others' models (which echo
   * no seed of ours) are passed over, the {@code next} page is followed, and the prediction whose
   * {@code input} echoes the create is found.
   */
  @Test
  void replicatesListIsSearchedByItsCursorAcrossModels() throws Exception {
    CreateFingerprint replicate =
        new CreateFingerprint("bytedance/seedance-2.0", 123_456_789L, true, 5, "16:9", "720p");
    predictions(
        server.url("/v1/predictions?cursor=abc").toString(),
        prediction("p-other-model", "black-forest-labs/flux", null, 90),
        prediction("p-other-seed", "bytedance/seedance-2.0", 7L, 80));
    predictions(
        null,
        prediction("p-ours", "bytedance/seedance-2.0", 123_456_789L, 30),
        prediction("p-older", "bytedance/seedance-2.0", 8L, 10));
    LostCreate verdict = client.findLostCreate(replicate(), replicate, SINCE);
    assertThat(verdict)
        .isInstanceOfSatisfying(
            LostCreate.Found.class,
            found -> {
              assertThat(found.task().taskId()).isEqualTo("p-ours");
              assertThat(found.task().videoUrl())
                  .as("a list item is searched, never taken as a result")
                  .isNull();
            });
    assertThat(server.takeRequest().getUrl().encodedPath()).isEqualTo("/v1/predictions");
    assertThat(server.takeRequest().getUrl().queryParameter("cursor")).isEqualTo("abc");
  }

  /**
   * A cursor to another host is not followed (the key would go with it), and the pages after it
   * might hold the task: the list is unreadable, never "not made", which would pay twice.
   */
  @Test
  void aCursorToAnotherHostIsNotFollowedAndSettlesNothing() {
    CreateFingerprint replicate =
        new CreateFingerprint("bytedance/seedance-2.0", 123_456_789L, true, 5, "16:9", "720p");
    predictions(
        "https://elsewhere.example/v1/predictions?cursor=abc",
        prediction("p-other-seed", "bytedance/seedance-2.0", 7L, 80));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> client.findLostCreate(replicate(), replicate, SINCE));
    assertThat(e.errorCode()).isEqualTo(ErrorCode.BAD_RESPONSE);
    assertThat(e.getMessage()).contains("elsewhere.example").contains("not followed");
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void theWorkerPicksASeedOnlyWhereTheDesignerLeftItToChance() {
    VideoRequest chance = VideoRequest.builder(MODEL).prompt("a kite").build();
    FingerprintedRequest picked = client.fingerprinted(ark(), client.validate(ark(), chance));
    assertThat(picked.request().video().seed()).isBetween(0L, 4_294_967_295L);
    assertThat(picked.fingerprint())
        .isEqualTo(
            new CreateFingerprint(MODEL, picked.request().video().seed(), true, null, null, null));
    assertThat(client.fingerprinted(ark(), client.validate(ark(), chance)).request().video().seed())
        .as("a new seed for each attempt")
        .isNotEqualTo(picked.request().video().seed());

    FingerprintedRequest own =
        client.fingerprinted(
            ark(),
            client.validate(
                ark(),
                VideoRequest.builder(MODEL)
                    .prompt("a kite")
                    .seed(42L)
                    .aspectRatio("9:16")
                    .build()));
    assertThat(own.request().video().seed()).isEqualTo(42L);
    assertThat(own.fingerprint().seedPicked()).isFalse();
    assertThat(own.fingerprint().ratio()).isEqualTo("9:16");

    FingerprintedRequest draft =
        client.fingerprinted(
            ark(),
            client.validate(
                ark(),
                VideoRequest.builder("dreamina-seedance-2-5-260628")
                    .mode(Mode.DRAFT)
                    .draftTaskId("cgt-draft")
                    .build()));
    assertThat(draft.request().video().seed())
        .as("a finalised draft keeps the draft's seed")
        .isNull();
    assertThat(draft.fingerprint().identifiesOneCreate()).isFalse();
  }
}
