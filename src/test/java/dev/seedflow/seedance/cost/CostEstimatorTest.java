package dev.seedflow.seedance.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.TaskSnapshot;
import dev.seedflow.seedance.client.TaskStatus;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * The estimate against Ark's billing formula, the budget check, and the prices. Nothing here is
 * sent anywhere.
 */
class CostEstimatorTest {
  private static final String FAST = "dreamina-seedance-2-0-fast-260128";
  private static final String STANDARD = "dreamina-seedance-2-0-260128";
  private static final ProviderConfig ARK =
      new ProviderConfig(ProviderType.ARK, "http://127.0.0.1:9", "sk-never-sent");
  private static final SeedanceClient CLIENT = new SeedanceClient(ClientSettings.defaults());

  /**
   * Seedance 2.0's output sizes as the documentation lists them: resolution, ratio, width, height.
   */
  private static final Object[][] SIZES = {
    {"480p", "16:9", 864, 496},
    {"480p", "4:3", 752, 560},
    {"480p", "1:1", 640, 640},
    {"480p", "3:4", 560, 752},
    {"480p", "9:16", 496, 864},
    {"480p", "21:9", 992, 432},
    {"720p", "16:9", 1280, 720},
    {"720p", "4:3", 1112, 834},
    {"720p", "1:1", 960, 960},
    {"720p", "3:4", 834, 1112},
    {"720p", "9:16", 720, 1280},
    {"720p", "21:9", 1470, 630},
    {"1080p", "16:9", 1920, 1080},
    {"1080p", "4:3", 1664, 1248},
    {"1080p", "1:1", 1440, 1440},
    {"1080p", "3:4", 1248, 1664},
    {"1080p", "9:16", 1080, 1920},
    {"1080p", "21:9", 2206, 946}
  };

  private static CostEstimate estimate(VideoRequest.Builder request) {
    return CostEstimate.of(CLIENT.validate(ARK, request.build()), PriceTable.EMPTY);
  }

  @Test
  void everyResolutionAndRatioFollowsTheFormula() {
    for (Object[] row : SIZES) {
      for (int seconds : new int[] {4, 5, 15}) {
        CostEstimate estimate =
            estimate(
                VideoRequest.builder(STANDARD)
                    .prompt("A fox")
                    .resolution((String) row[0])
                    .aspectRatio((String) row[1])
                    .duration(seconds));
        long expected = Math.round(seconds * (int) row[2] * (int) row[3] * 24 / 1024.0);
        assertThat(estimate.tokens()).as("%s %s %d s", row[0], row[1], seconds).isEqualTo(expected);
        assertThat(estimate.upperBound()).isFalse();
      }
    }
  }

  /**
   * Every resolution a dialect takes, and every one a listed model id fixes, has output sizes: no
   * estimate is a guess.
   */
  @Test
  void everyResolutionAHostTakesHasSizes() {
    for (ProviderType type : ProviderType.values()) {
      DialectRules rules = Dialect.of(type).rules();
      java.util.Set<String> resolutions = new java.util.HashSet<>(rules.resolutions());
      rules
          .models()
          .forEach(
              model -> {
                resolutions.addAll(model.model().resolutions());
                if (model.lockedResolution() != null) resolutions.add(model.lockedResolution());
              });
      for (String resolution : resolutions) {
        assertThat(OutputSizes.of(null, resolution))
            .as("%s %s", type, resolution)
            .containsKeys("16:9", "4:3", "1:1", "3:4", "9:16", "21:9");
      }
    }
  }

  @Test
  void fiveSecondsOf720pAreAbout108000TokensAndTheDefaultsAreArks() {
    assertThat(estimate(VideoRequest.builder(FAST).prompt("A fox").duration(5)).tokens())
        .isEqualTo(108_000);
    CostEstimate defaults = estimate(VideoRequest.builder(FAST).prompt("A fox"));
    assertThat(defaults.tokens()).as("720p, 16:9 for text, Ark's default 5 s").isEqualTo(108_000);
    assertThat(defaults.basis()).isEqualTo("720p 16:9 (1280x720) x 5 s");
  }

  @Test
  void whatIsNotKnownCountsAtItsLargestAndSaysSo() {
    CostEstimate modelDecides =
        estimate(
            VideoRequest.builder(STANDARD)
                .prompt("A fox")
                .resolution("1080p")
                .aspectRatio("16:9")
                .duration(-1));
    assertThat(modelDecides.tokens()).isEqualTo(Math.round(15 * 1920 * 1080 * 24 / 1024.0));
    assertThat(modelDecides.upperBound()).isTrue();
    assertThat(modelDecides.basis()).contains("upper bound").contains("the duration");

    CostEstimate adaptive =
        estimate(VideoRequest.builder(FAST).firstFrame("https://example.com/a.png").duration(5));
    assertThat(adaptive.tokens())
        .as("adaptive counts the largest 720p size, 1112x834")
        .isEqualTo(Math.round(5 * 1112 * 834 * 24 / 1024.0));
    assertThat(adaptive.upperBound()).isTrue();

    CostEstimate withVideo =
        estimate(
            VideoRequest.builder(FAST)
                .prompt("Like this")
                .referenceVideos("https://example.com/a.mp4")
                .aspectRatio("16:9")
                .duration(5));
    assertThat(withVideo.tokens())
        .as("input video counted as the longest allowed, 15 s")
        .isEqualTo(Math.round((15 + 5) * 1280 * 720 * 24 / 1024.0));
    assertThat(withVideo.basis()).contains("15 s of input video");
  }

  @Test
  void aGatewayModelThatFixesTheResolutionIsEstimatedAtIt() {
    ProviderConfig gateway =
        new ProviderConfig(ProviderType.UNIFIED, "http://127.0.0.1:9", "sk-never-sent");
    CostEstimate estimate =
        CostEstimate.of(
            CLIENT.validate(
                gateway,
                VideoRequest.builder("seedance2.0-1080p")
                    .prompt("A fox")
                    .aspectRatio("16:9")
                    .duration(5)
                    .build()),
            PriceTable.EMPTY);
    assertThat(estimate.tokens()).isEqualTo(Math.round(5 * 1920 * 1080 * 24 / 1024.0));
  }

  @Test
  void overTheBudgetIsRefusedNamingTheEstimateTheLimitAndTheLargestFactor() {
    CostEstimate estimate =
        estimate(
            VideoRequest.builder(STANDARD)
                .prompt("Epic")
                .resolution("1080p")
                .aspectRatio("16:9")
                .duration(15));
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class, () -> BudgetCheck.check(estimate, STANDARD, 200_000L, null));
    assertThat(e.code()).isEqualTo("SEEDANCE_OVER_BUDGET");
    assertThat(e.getMessage())
        .contains("729,000 tokens")
        .contains("budget.maxTokens 200,000")
        .contains("1080p 16:9 (1920x1080) x 15 s")
        .contains("nothing was sent");
    BudgetCheck.check(estimate, STANDARD, 1_000_000L, null); // within: no exception

    SeedanceException noPrice =
        catchThrowableOfType(
            SeedanceException.class,
            () -> BudgetCheck.check(estimate, STANDARD, null, new BigDecimal("5")));
    assertThat(noPrice.code()).isEqualTo("SEEDANCE_INVALID_INPUT");
    assertThat(noPrice.getMessage()).contains("budget.maxCost").contains("needs a price");
  }

  /**
   * Each way round the budget that a hostile review found: the estimate is exact for what is sent,
   * a true upper bound, or refused.
   */
  @Test
  void theBudgetCannotBeGotRound() {
    // An Ark model id that ends -480p, asked for 1080p: Ark sends and bills 1080p, so that is what
    // is counted.
    CostEstimate renamed =
        estimate(
            VideoRequest.builder("ep-custom-480p")
                .prompt("A fox")
                .resolution("1080p")
                .aspectRatio("16:9")
                .duration(15));
    assertThat(renamed.tokens()).isEqualTo(729_000);
    assertThat(renamed.upperBound()).isFalse();
    assertThat(
            catchThrowableOfType(
                    SeedanceException.class,
                    () -> BudgetCheck.check(renamed, "ep-custom-480p", 200_000L, null))
                .code())
        .isEqualTo("SEEDANCE_OVER_BUDGET");

    // 4K: 3840x2160 at 16:9, exactly; other ratios as twice 1080p's sides, an upper bound. A budget
    // holds both.
    ProviderConfig gateway =
        new ProviderConfig(ProviderType.UNIFIED, "http://127.0.0.1:9", "sk-never-sent");
    CostEstimate fourK =
        CostEstimate.of(
            CLIENT.validate(
                gateway,
                VideoRequest.builder("seedance2.0-4k")
                    .prompt("A fox")
                    .aspectRatio("16:9")
                    .duration(5)
                    .build()),
            PriceTable.EMPTY);
    assertThat(fourK.tokens()).as("5 s of 3840x2160").isEqualTo(972_000);
    assertThat(fourK.upperBound()).isFalse();
    assertThat(fourK.basis()).isEqualTo("4k 16:9 (3840x2160) x 5 s");
    BudgetCheck.check(fourK, "seedance2.0-4k", 972_000L, null);
    assertThat(
            catchThrowableOfType(
                    SeedanceException.class,
                    () -> BudgetCheck.check(fourK, "seedance2.0-4k", 971_999L, null))
                .code())
        .isEqualTo("SEEDANCE_OVER_BUDGET");
    CostEstimate wide =
        CostEstimate.of(
            CLIENT.validate(
                gateway,
                VideoRequest.builder("seedance2.0-4k")
                    .prompt("A fox")
                    .aspectRatio("21:9")
                    .duration(5)
                    .build()),
            PriceTable.EMPTY);
    assertThat(wide.tokens()).isEqualTo(Math.round(5 * 4412 * 1892 * 24 / 1024.0));
    assertThat(wide.upperBound()).isTrue();
    assertThat(wide.basis()).contains("4k 21:9's size (counted as twice 1080p's width and height)");
    // A gateway model name nobody lists is counted as the host's most expensive listed shape: 4K,
    // and 15 s where the model decides.
    CostEstimate madeUp =
        CostEstimate.of(
            CLIENT.validate(
                gateway,
                VideoRequest.builder("seedance2.0-4k-pro")
                    .prompt("A fox")
                    .aspectRatio("16:9")
                    .build()),
            PriceTable.EMPTY);
    assertThat(madeUp.tokens()).as("4K 16:9, the gateway's default 5 s").isEqualTo(972_000);
    assertThat(madeUp.upperBound()).isTrue();
    assertThat(madeUp.basis()).contains("the unified host's most expensive listed model");

    // Finalising a draft without a duration makes the draft's: counted as the longest a model
    // makes.
    CostEstimate draft =
        estimate(
            VideoRequest.builder("doubao-seedance-1-5-pro-251215")
                .mode(dev.seedflow.seedance.request.Mode.DRAFT)
                .draftTaskId("cgt-draft")
                .resolution("720p")
                .aspectRatio("16:9"));
    assertThat(draft.tokens())
        .as("an unlisted Ark model: the longest any listed Ark model makes, Seedance 2.5's 30 s")
        .isEqualTo(Math.round(30 * 1280 * 720 * 24 / 1024.0));
    assertThat(draft.upperBound()).isTrue();
    assertThat(draft.basis()).contains("the draft's duration");

    // A model the table does not list (a 1.0 model): the largest resolution a listed Ark model
    // makes, 4K, as an upper bound.
    CostEstimate older =
        estimate(
            VideoRequest.builder("doubao-seedance-1-0-pro-250528")
                .prompt("A fox")
                .aspectRatio("16:9")
                .duration(5));
    assertThat(older.tokens()).isEqualTo(972_000);
    assertThat(older.upperBound()).isTrue();
    assertThat(older.basis()).contains("default resolution");

    // One frame is not a video Ark makes: refused before anything is estimated or sent.
    SeedanceException oneFrame =
        catchThrowableOfType(
            SeedanceException.class,
            () ->
                estimate(
                    VideoRequest.builder("doubao-seedance-1-0-pro-250528")
                        .prompt("A fox")
                        .frames(1)));
    assertThat(oneFrame.code()).isEqualTo("SEEDANCE_INVALID_INPUT");
    assertThat(oneFrame.getMessage()).contains("video.frames").contains("29 to 289 in steps of 4");
  }

  @Test
  void pricesTurnTokensIntoMoneyWhereConfigured() {
    PriceTable prices =
        PriceTable.parse(
            "dreamina-seedance-2-0-260128=7 USD; dreamina-seedance-2-0-fast-260128 = 5.6 usd");
    CostEstimate priced =
        CostEstimate.of(
            CLIENT.validate(
                ARK, VideoRequest.builder(STANDARD).prompt("A fox").duration(5).build()),
            prices);
    assertThat(priced.cost()).isEqualByComparingTo("0.756");
    assertThat(priced.currency()).isEqualTo("USD");
    SeedanceException e =
        catchThrowableOfType(
            SeedanceException.class,
            () -> BudgetCheck.check(priced, STANDARD, null, new BigDecimal("0.5")));
    assertThat(e.getMessage()).contains("0.756 USD").contains("budget.maxCost 0.5 USD");

    TaskSnapshot done =
        new TaskSnapshot(
            "cgt-1",
            TaskStatus.SUCCEEDED,
            "succeeded",
            100,
            null,
            null,
            FAST,
            "720p",
            "16:9",
            5,
            1L,
            new TaskSnapshot.Usage(108_000L, 108_000L),
            null,
            null,
            null);
    assertThat(Cost.of(done, null, prices)).contains(new Cost(new BigDecimal("0.6048"), "USD"));
    assertThat(Cost.of(done, null, PriceTable.EMPTY)).isEmpty();
    assertThat(
            catchThrowableOfType(
                    IllegalArgumentException.class, () -> PriceTable.parse("seedance=cheap"))
                .getMessage())
        .contains("'seedance=cheap'")
        .contains("model[@resolution][+video]=amount CURRENCY");
  }

  /**
   * BytePlus's list prices ship as the default: the row of the model, its resolution and its input
   * video prices it, and says so.
   */
  @Test
  void listPricesPickTheRowOfTheModelTheResolutionAndTheInputVideo() {
    PriceTable list = PriceTable.withListPrices(null);
    String video = "https://example.com/a.mp4";
    Object[][] rows = {
      {
        VideoRequest.builder(STANDARD)
            .prompt("A fox")
            .resolution("720p")
            .aspectRatio("16:9")
            .duration(5),
        STANDARD + "=7.0 USD",
        "0.756"
      },
      {
        VideoRequest.builder(STANDARD)
            .prompt("A fox")
            .resolution("1080p")
            .aspectRatio("16:9")
            .duration(5),
        STANDARD + "@1080p=7.7 USD",
        "1.8711"
      },
      {
        VideoRequest.builder(STANDARD)
            .prompt("A fox")
            .resolution("4k")
            .aspectRatio("16:9")
            .duration(5),
        STANDARD + "@4k=4.0 USD",
        "3.888"
      },
      {
        VideoRequest.builder(STANDARD)
            .prompt("Like this")
            .referenceVideos(video)
            .resolution("720p")
            .aspectRatio("16:9")
            .duration(5),
        STANDARD + "+video=4.3 USD",
        "1.8576"
      },
      {
        VideoRequest.builder(STANDARD)
            .prompt("Like this")
            .referenceVideos(video)
            .resolution("1080p")
            .aspectRatio("16:9")
            .duration(5),
        STANDARD + "@1080p+video=4.7 USD",
        "4.5684"
      },
      {
        VideoRequest.builder("dreamina-seedance-2-5-260628")
            .prompt("A fox")
            .resolution("720p")
            .aspectRatio("16:9")
            .duration(30),
        "dreamina-seedance-2-5-260628=10.70 USD",
        "6.9336"
      }
    };
    for (Object[] row : rows) {
      CostEstimate estimate =
          CostEstimate.of(CLIENT.validate(ARK, ((VideoRequest.Builder) row[0]).build()), list);
      assertThat(estimate.price()).as(estimate.basis()).isEqualTo(row[1]);
      assertThat(estimate.cost()).as(estimate.basis()).isEqualByComparingTo((String) row[2]);
    }
    CostEstimate volcano =
        CostEstimate.of(
            CLIENT.validate(
                ARK, VideoRequest.builder("doubao-seedance-2-0-260128").prompt("A fox").build()),
            list);
    assertThat(volcano.cost()).as("Volcano Engine prices in CNY: no list row").isNull();
    assertThat(volcano.price()).isNull();

    PriceTable contract = PriceTable.withListPrices("dreamina-seedance-2-0-260128=6 USD");
    assertThat(
            CostEstimate.of(
                    CLIENT.validate(
                        ARK, VideoRequest.builder(STANDARD).prompt("A fox").duration(5).build()),
                    contract)
                .price())
        .as("an operator's row replaces the list row of its key")
        .isEqualTo(STANDARD + "=6 USD");
  }

  @Test
  void aMinimumChargeWithInputVideoIsCountedAndNamed() {
    PriceTable prices = PriceTable.withListPrices(STANDARD + "+video=4.3 USD min 500000");
    CostEstimate estimate =
        CostEstimate.of(
            CLIENT.validate(
                ARK,
                VideoRequest.builder(STANDARD)
                    .prompt("Like this")
                    .referenceVideos("https://example.com/a.mp4")
                    .resolution("720p")
                    .aspectRatio("16:9")
                    .duration(5)
                    .build()),
            prices);
    assertThat(estimate.tokens()).as("432,000 counted, the minimum is more").isEqualTo(500_000);
    assertThat(estimate.cost()).isEqualByComparingTo("2.15");
    assertThat(estimate.basis())
        .contains("counted as the minimum charge with input video, 500,000 tokens");
    assertThat(estimate.price()).isEqualTo(STANDARD + "+video=4.3 USD min 500000");
    CostEstimate noVideo =
        CostEstimate.of(
            CLIENT.validate(
                ARK, VideoRequest.builder(STANDARD).prompt("A fox").duration(5).build()),
            prices);
    assertThat(noVideo.tokens()).as("no input video: no minimum").isEqualTo(108_000);
  }

  /**
   * An id the table does not list is priced at the dearest row of the host's listed models, so a
   * money cap holds for it too.
   */
  @Test
  void anUnlistedModelIsPricedAtTheHostsDearestListedRow() {
    CostEstimate endpoint =
        CostEstimate.of(
            CLIENT.validate(
                ARK,
                VideoRequest.builder("ep-20261201-abc")
                    .prompt("A fox")
                    .resolution("720p")
                    .aspectRatio("16:9")
                    .duration(5)
                    .build()),
            PriceTable.withListPrices(null));
    assertThat(endpoint.tokens()).isEqualTo(108_000);
    assertThat(endpoint.price()).isEqualTo("dreamina-seedance-2-5-260628=10.70 USD");
    assertThat(
            catchThrowableOfType(
                    SeedanceException.class,
                    () ->
                        BudgetCheck.check(
                            endpoint, "ep-20261201-abc", null, new BigDecimal("1.00")))
                .getMessage())
        .contains("1.1556 USD")
        .contains("at the price dreamina-seedance-2-5-260628=10.70 USD");
    CostEstimate ownRow =
        CostEstimate.of(
            CLIENT.validate(
                ARK,
                VideoRequest.builder("ep-20261201-abc")
                    .prompt("A fox")
                    .resolution("720p")
                    .aspectRatio("16:9")
                    .duration(5)
                    .build()),
            PriceTable.withListPrices("ep-20261201-abc=5 USD"));
    assertThat(ownRow.price())
        .as("an operator who prices the endpoint is believed")
        .isEqualTo("ep-20261201-abc=5 USD");
  }

  @Test
  void aFinishedTaskIsPricedAtTheRowItsEstimateUsed() {
    PriceTable list = PriceTable.withListPrices(null);
    CostEstimate estimate =
        CostEstimate.of(
            CLIENT.validate(
                ARK,
                VideoRequest.builder(STANDARD)
                    .prompt("Like this")
                    .referenceVideos("https://example.com/a.mp4")
                    .resolution("1080p")
                    .duration(5)
                    .build()),
            list);
    TaskSnapshot done =
        new TaskSnapshot(
            "cgt-2",
            TaskStatus.SUCCEEDED,
            "succeeded",
            100,
            null,
            null,
            STANDARD,
            "1080p",
            "16:9",
            5,
            1L,
            new TaskSnapshot.Usage(400_000L, 400_000L),
            null,
            null,
            null);
    assertThat(Cost.of(done, estimate, list))
        .as("the input-video row, 4.7 USD")
        .contains(new Cost(new BigDecimal("1.88"), "USD"));
    assertThat(Cost.of(done, null, list))
        .as("an await knows no input video: the 1080p row, 7.7 USD")
        .contains(new Cost(new BigDecimal("3.08"), "USD"));
  }

  /**
   * Replicate bills per second of video: the estimate says so and counts the seconds, which a
   * per-second price turns into money.
   */
  @Test
  void aHostThatBillsPerSecondIsEstimatedInSeconds() {
    ProviderConfig replicate =
        new ProviderConfig(ProviderType.REPLICATE, "http://127.0.0.1:9", "r8-never-sent");
    PriceTable prices = PriceTable.parse("bytedance/seedance-2.0=0.3024 USD/s");
    CostEstimate perSecond =
        CostEstimate.of(
            CLIENT.validate(
                replicate,
                VideoRequest.builder("bytedance/seedance-2.0").prompt("A fox").duration(5).build()),
            prices);
    assertThat(perSecond.seconds()).isEqualTo(5.0);
    assertThat(perSecond.cost()).isEqualByComparingTo("1.512");
    assertThat(perSecond.basis()).contains("the replicate API bills per second of video, 5 s");
    CostEstimate chosenByTheModel =
        CostEstimate.of(
            CLIENT.validate(
                replicate,
                VideoRequest.builder("bytedance/seedance-2.0")
                    .prompt("A fox")
                    .duration(-1)
                    .build()),
            prices);
    assertThat(chosenByTheModel.seconds()).as("the longest the model may choose").isEqualTo(15.0);
    assertThat(chosenByTheModel.upperBound()).isTrue();
    assertThat(estimate(VideoRequest.builder(STANDARD).prompt("A fox")).seconds())
        .as("Ark bills tokens")
        .isNull();

    TaskSnapshot done =
        new TaskSnapshot(
            "p1",
            TaskStatus.SUCCEEDED,
            "succeeded",
            100,
            null,
            null,
            "bytedance/seedance-2.0",
            null,
            null,
            5,
            1L,
            null,
            null,
            null,
            null);
    assertThat(Cost.of(done, null, prices)).contains(new Cost(new BigDecimal("1.512"), "USD"));
    assertThat(
            catchThrowableOfType(
                    IllegalArgumentException.class, () -> PriceTable.parse("m=0.3 USD/min"))
                .getMessage())
        .contains("USD/s");
  }
}
