package dev.seedflow.seedance.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.DownloadLimits;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.error.ErrorCode;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.local.FolderDocumentStore;
import dev.seedflow.seedance.model.StoreInput;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import io.camunda.connector.api.document.DocumentCreationRequest;
import io.camunda.connector.api.document.DocumentFactory;
import io.camunda.connector.api.document.DocumentLinkParameters;
import io.camunda.connector.api.document.DocumentReference.CamundaDocumentReference;
import io.camunda.connector.runtime.core.document.DocumentFactoryImpl;
import io.camunda.connector.runtime.core.document.store.CamundaDocumentStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code store.onTooLarge}: a file over the limit, ours or the document store's (HTTP 413, as SaaS
 * answers one over 10 MB), raises SEEDANCE_STORE_FAILED, or is left at its URL with a warning where
 * the designer chose to go on. Real HTTP over loopback for the download; a folder store, or one
 * that refuses as a cluster does, for the upload.
 */
class VideoKeeperTest {
  private static final ProviderConfig ARK =
      new ProviderConfig(ProviderType.ARK, "https://ark.example", "sk-keeper-secret");
  private static final KeepPlan STOP = new KeepPlan(true, true, null, OnTooLarge.INCIDENT);
  private static final KeepPlan GO_ON = new KeepPlan(true, true, null, OnTooLarge.CONTINUE);
  private static final ProcessRef WHERE = new ProcessRef(1L, "flow");

  private final MockWebServer media = new MockWebServer();
  @TempDir Path folder;

  @BeforeEach
  void start() throws Exception {
    media.start();
  }

  @AfterEach
  void stop() {
    media.close();
  }

  private VideoKeeper keeper(long maxBytes) {
    return new VideoKeeper(
        new SeedanceClient(ClientSettings.forLocalRun())
            .download(new DownloadLimits(maxBytes, Duration.ofSeconds(20))),
        UploadMemory.ofThisJvm(),
        Clock.systemUTC());
  }

  private void serve(String contentType, int bytes) {
    media.enqueue(
        new MockResponse.Builder()
            .addHeader("Content-Type", contentType)
            .body(new Buffer().write(new byte[bytes]))
            .build());
  }

  /**
   * The runtime's own document factory over a store that refuses every upload with this failure, as
   * a cluster's would.
   */
  private DocumentFactory refusing(Supplier<RuntimeException> failure) {
    return new DocumentFactoryImpl(
        new CamundaDocumentStore() {
          @Override
          public CamundaDocumentReference createDocument(DocumentCreationRequest request) {
            try (InputStream file = request.content()) {
              file.readAllBytes(); // the client sends the whole file before the cluster answers
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            throw failure.get();
          }

          @Override
          public InputStream getDocumentContent(CamundaDocumentReference reference) {
            throw new UnsupportedOperationException();
          }

          @Override
          public void deleteDocument(CamundaDocumentReference reference) {
            throw new UnsupportedOperationException();
          }

          @Override
          public String generateLink(
              CamundaDocumentReference reference, DocumentLinkParameters parameters) {
            throw new UnsupportedOperationException();
          }
        });
  }

  private TaskSnapshot finished() {
    return new TaskSnapshot(
        "cgt-big",
        TaskStatus.SUCCEEDED,
        "succeeded",
        100,
        media.url("/v.mp4?key=sk-keeper-secret").toString(),
        media.url("/f.png").toString(),
        "m",
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        "2026-12-02T10:00:00Z");
  }

  @Test
  void aVideoOverTheLimitIsAnIncidentByDefaultThatNamesTheChoice() {
    serve("video/mp4", 4096);
    SeedanceException failure =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                keeper(1024)
                    .keep(finished(), STOP, ARK, FolderDocumentStore.factory(folder), WHERE));
    assertThat(failure.errorCode()).isEqualTo(ErrorCode.STORE_FAILED);
    assertThat(failure.getMessage())
        .contains("over the 1024 bytes limit")
        .contains("until about 24 hours after the task ended")
        .contains("set store.onTooLarge to continue")
        .doesNotContain("sk-keeper-secret");
  }

  @Test
  void aVideoOverTheLimitIsLeftAtItsUrlWithAWarningWhereTheDesignerChoseToGoOn() {
    serve("video/mp4", 4096);
    serve("image/png", 100);
    KeptMedia kept =
        keeper(1024).keep(finished(), GO_ON, ARK, FolderDocumentStore.factory(folder), WHERE);
    assertThat(kept.video()).isNull();
    assertThat(kept.lastFrame())
        .as("the last frame, under the limit, is kept all the same")
        .isNotNull();
    assertThat(kept.warning())
        .contains("the video was not kept as a document")
        .contains("over the 1024 bytes limit")
        .contains("about 24 hours after the task ended")
        .doesNotContain("sk-keeper-secret");
  }

  @Test
  void aStoreThatRefusesTheFileAsTooLargeIsTheSameChoiceAndIsNotAskedAgain() {
    AtomicInteger uploads = new AtomicInteger();
    DocumentFactory saas =
        refusing(
            () -> {
              uploads.incrementAndGet();
              return new RuntimeException(
                  "Failed to create document",
                  new IllegalStateException(
                      "Failed with code 413: 'Payload Too Large'. Details: 'max 10 MB'"));
            });
    serve("video/mp4", 4096);
    KeptMedia kept =
        keeper(1 << 20)
            .keep(
                finished(), new KeepPlan(true, false, null, OnTooLarge.CONTINUE), ARK, saas, WHERE);
    assertThat(kept.video()).isNull();
    assertThat(kept.warning())
        .contains("the document store refused it as too large (HTTP 413")
        .contains("Payload Too Large");
    assertThat(uploads).as("a 413 is a verdict: no second attempt").hasValue(1);

    serve("video/mp4", 4096);
    SeedanceException failure =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                keeper(1 << 20)
                    .keep(
                        finished(),
                        new KeepPlan(true, false, null, OnTooLarge.INCIDENT),
                        ARK,
                        saas,
                        WHERE));
    assertThat(failure.getMessage())
        .contains("SEEDANCE_STORE_FAILED")
        .contains("HTTP 413")
        .contains("store.onTooLarge");
  }

  @Test
  void anyOtherStoreFailureIsStillAnIncidentWhateverTheChoice() {
    DocumentFactory down =
        refusing(() -> new RuntimeException("Failed with code 503: 'Service Unavailable'"));
    for (int attempt = 0; attempt < 3; attempt++) serve("video/mp4", 4096);
    SeedanceException failure =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                keeper(1 << 20)
                    .keep(
                        finished(),
                        new KeepPlan(true, false, null, OnTooLarge.CONTINUE),
                        ARK,
                        down,
                        WHERE));
    assertThat(failure.errorCode()).isEqualTo(ErrorCode.STORE_FAILED);
    assertThat(failure.getMessage())
        .contains("the document store did not take it")
        .doesNotContain("set store.onTooLarge to continue");
  }

  @Test
  void theChoiceIsIncidentByDefaultAndAnUnknownWordIsRefusedBeforeAnythingIsPaid() {
    assertThat(new StoreInput(true, true, null, null).toPlan().onTooLarge())
        .isEqualTo(OnTooLarge.INCIDENT);
    assertThat(new StoreInput(true, true, null, "Continue").toPlan().onTooLarge())
        .isEqualTo(OnTooLarge.CONTINUE);
    assertThat(new StoreInput(true, true, "P0D", "later").problems())
        .extracting(problem -> problem.field())
        .containsExactly("store.timeToLive", "store.onTooLarge");
    SeedanceException refused =
        catchThrowableOfType(
            SeedanceException.class, () -> new StoreInput(true, true, null, "later").toPlan());
    assertThat(refused.getMessage())
        .contains("SEEDANCE_INVALID_INPUT")
        .contains("store.onTooLarge must be incident or continue, got 'later'");
  }
}
