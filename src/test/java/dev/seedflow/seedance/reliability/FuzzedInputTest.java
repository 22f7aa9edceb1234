package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.simulator.SeedanceSimulator;
import dev.seedflow.seedance.simulator.SimulatorSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * 2,000 generated requests, valid and invalid, each sent through the real client to the simulator:
 * no exception but ours escapes, every rejection names its fields, not one rejected request reaches
 * the provider, and every request we let through is one the simulated provider (whose checks are
 * written independently) accepts. Generation is seeded, so a failure names a case that can be
 * replayed.
 */
class FuzzedInputTest {
  private static final int CASES = 2000;
  private static final long SEED = 20261121L;
  private static final String[] MEDIA = {
    "https://example.com/a.png",
    "https://example.com/a.mp4",
    "https://example.com/a.mp3",
    "http://localhost:8080/a.png",
    "http://example.com/a.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "data:video/mp4;base64,AAAA",
    "data:audio/mp3;base64,AAAA",
    "asset://asset-1",
    "asset://",
    "ftp://example.com/x",
    "not a url",
    "",
    " "
  };
  private static final String[] MODELS = {
    "dreamina-seedance-2-0-260128",
    "dreamina-seedance-2-0-fast-260128",
    "doubao-seedance-2-0-260128",
    "seedance2.0-720p",
    "seedance2.0-fast-480p",
    "seedance2.0-1080p",
    "jisudance2.0-480p",
    "ep-20260101-abcd",
    "bytedance/seedance-2.0",
    "bytedance/seedance-2.0/fast",
    "bytedance/seedance-2.0-fast",
    "",
    null
  };
  private static final String[] RATIOS = {
    "16:9", "9:16", "1:1", "4:3", "3:4", "21:9", "adaptive", "auto", "2:1", null
  };
  private static final String[] RESOLUTIONS = {"480p", "720p", "1080p", "4k", "8k", null};
  private static final Integer[] DURATIONS = {-2, -1, 0, 3, 4, 5, 10, 15, 16, 60, null};
  private static final Long[] SEEDS = {-2L, -1L, 0L, 42L, 4_294_967_295L, 4_294_967_296L, null};

  @Test
  void noInvalidRequestReachesTheProviderAndEveryValidOneIsAccepted() {
    Random random = new Random(SEED);
    int rejected = 0, accepted = 0, refusedModels = 0;
    List<String> exceptionTexts = new ArrayList<>();
    try (SeedanceSimulator simulator =
            SeedanceSimulator.start(SimulatorSettings.realistic().withApiKey(Canary.KEY));
        SeedanceClient client = new SeedanceClient(ClientSettings.forLocalRun())) {
      for (int i = 0; i < CASES; i++) {
        ProviderType type = ProviderType.values()[random.nextInt(ProviderType.values().length)];
        ProviderConfig provider =
            new ProviderConfig(
                type,
                random.nextInt(30) == 0 ? "http://example.com" : simulator.baseUrl(),
                random.nextInt(40) == 0 ? null : Canary.KEY);
        VideoRequest video = video(random, type);
        int before = simulator.requests().size();
        try {
          client.create(provider, client.validate(provider, video));
          accepted++;
        } catch (SeedanceException e) {
          exceptionTexts.add(e.getMessage());
          if (e.problems().isEmpty()) {
            // Past our validation. A model id outside the dialect's documented list is the
            // provider's to judge.
            boolean unknownModel =
                !Dialect.of(type).rules().documentedModels().contains(video.model())
                    && e.providerCode()
                        .filter(
                            code ->
                                code.equals("model_not_found")
                                    || code.equals("InvalidEndpointOrModel.NotFound"))
                        .isPresent();
            if (!unknownModel) {
              fail(
                  "case "
                      + i
                      + " passed our validation but the provider refused it: "
                      + e.getMessage()
                      + "\n"
                      + type
                      + " "
                      + video);
            }
            refusedModels++;
            continue;
          }
          rejected++;
          assertThat(e.problems())
              .allSatisfy(
                  p ->
                      assertThat(p.field())
                          .matches(
                              "(video|provider)\\.[A-Za-z]+(\\[[0-9]+])?|video\\.referenceImages"));
          assertThat(e.getMessage())
              .contains(e.problems().stream().map(Problem::field).toList().getFirst());
          assertThat(simulator.requests())
              .as("case " + i + " was rejected, so nothing may have been sent")
              .hasSize(before);
        } catch (RuntimeException e) {
          fail(
              "case " + i + " threw " + e + " instead of a validation error: " + type + " " + video,
              e);
        }
      }
      assertThat(simulator.tasksCreated()).isEqualTo(accepted);
    }
    assertThat(exceptionTexts).noneMatch(text -> text.contains(Canary.KEY));
    Figures.report(
        String.format(
            "fuzzed input: %d requests (seed %d), %d rejected before sending (each naming its"
                + " fields, none reached the provider), %d accepted by the simulated provider, %d"
                + " undocumented model ids refused by it, 0 other exceptions",
            CASES, SEED, rejected, accepted, refusedModels));
    assertThat(rejected).as("a good share of the cases are invalid").isGreaterThan(CASES / 4);
    assertThat(accepted).as("and a good share valid").isGreaterThan(CASES / 4);
  }

  /**
   * A request valid for the dialect, then (in 60 % of cases) one to three random changes from the
   * pools above.
   */
  private static VideoRequest video(Random random, ProviderType type) {
    VideoRequest.Builder b =
        VideoRequest.builder(
                switch (type) {
                  case ARK -> "dreamina-seedance-2-0-fast-260128";
                  case OPENAI_COMPATIBLE -> "doubao-seedance-2-0-fast-260128";
                  case UNIFIED, UNIFIED_LEGACY -> "seedance2.0-720p";
                  case FAL, REPLICATE -> "bytedance/seedance-2.0";
                })
            .prompt("A red bicycle in the rain")
            .duration(5 + random.nextInt(6))
            .aspectRatio("16:9");
    if (random.nextBoolean()) b.firstFrame("https://example.com/first.png");
    if (Dialect.of(type).rules().options().contains(Option.RESOLUTION)
        && !Dialect.of(type).rules().resolutionFromModelName()) b.resolution("720p");
    int changes = random.nextInt(10) < 4 ? 0 : 1 + random.nextInt(3);
    for (int c = 0; c < changes; c++) {
      change(b, random);
    }
    return b.build();
  }

  private static void change(VideoRequest.Builder b, Random random) {
    switch (random.nextInt(24)) {
      case 0 -> b.model(pick(random, MODELS));
      case 1 -> b.prompt(random.nextBoolean() ? null : " ");
      case 2 -> b.mode(Mode.values()[random.nextInt(Mode.values().length)]);
      case 3 -> b.firstFrame(pick(random, MEDIA));
      case 4 -> b.lastFrame(pick(random, MEDIA));
      case 5 -> b.firstFrame(null).referenceImages(media(random, 11));
      case 6 -> b.firstFrame(null).referenceVideos(media(random, 5));
      case 7 -> b.referenceAudios(media(random, 5));
      case 8 -> b.sourceVideo(pick(random, MEDIA));
      case 9 -> b.draftTaskId("cgt-draft-" + random.nextInt(100));
      case 10 -> b.duration(pick(random, DURATIONS));
      case 11 -> b.aspectRatio(pick(random, RATIOS));
      case 12 -> b.resolution(pick(random, RESOLUTIONS));
      case 13 -> b.seed(pick(random, SEEDS));
      case 14 -> b.watermark(random.nextBoolean());
      case 15 -> b.generateAudio(random.nextBoolean());
      case 16 -> b.cameraFixed(random.nextBoolean());
      case 17 -> b.returnLastFrame(random.nextBoolean());
      case 18 -> b.draft(random.nextBoolean());
      case 19 -> b.frames(random.nextBoolean() ? 121 : -1);
      case 20 -> b.serviceTier(random.nextBoolean() ? "flex" : "gold");
      case 21 -> b.executionExpiresAfter(random.nextBoolean() ? 7200 : 100);
      case 22 ->
          b.callbackUrl(
              random.nextBoolean() ? "https://hooks.example.com/x" : "http://hooks.example.com/x");
      default -> b.mode(Mode.EDIT).firstFrame(null).sourceVideo(pick(random, MEDIA));
    }
  }

  private static String[] media(Random random, int max) {
    String[] urls = new String[1 + random.nextInt(max)];
    for (int i = 0; i < urls.length; i++) urls[i] = pick(random, MEDIA);
    return urls;
  }

  private static <T> T pick(Random random, T[] values) {
    return values[random.nextInt(values.length)];
  }
}
