package dev.seedflow.seedance.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.client.ClientSettings;
import dev.seedflow.seedance.client.SeedanceClient;
import dev.seedflow.seedance.cost.PriceTable;
import dev.seedflow.seedance.local.LocalRuntime;
import dev.seedflow.seedance.local.ProcessOutcome;
import dev.seedflow.seedance.worker.SeedanceWorker;
import dev.seedflow.seedance.worker.inputs.LookupSecrets;
import dev.seedflow.seedance.worker.shared.WorkerSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Hostile status answers through the real worker on the embedded engine: 750 videos (about 1,500
 * answers) whose reads are answered with values nothing foresaw in the fields the worker computes
 * with (duration, progress, creation and update times, seed, usage) and hostile status words and
 * URLs, each task ending after a few reads or never. Whatever the answers, every job must end
 * (completed, or an incident that says why) within its wait, and no slot in the provider's queue
 * may stay held: either would keep later videos from ever being submitted.
 */
class FuzzedWaitsTest {
  private static final int VIDEOS = 750;
  private static final long SEED = 20261202L;
  private static final String[] NUMBERS = {
    "2000000000",
    "-5",
    "\"abc\"",
    "1e300",
    "99999999999999999999",
    "-99999999999999999999",
    "\"NaN\"",
    "null",
    "{}",
    "[]",
    "\"50%\"",
    "0.5",
    "101",
    "\"9999-99-99T99:99:99Z\"",
    "\"yesterday\"",
    "9223372036854775807"
  };
  private static final String[] WORDS = {
    "running",
    "queued",
    "rendering_frames",
    "",
    "SUCCESS",
    "\u202e",
    "failed",
    "expired",
    "cancelled"
  };

  @Test
  void noHostileStatusAnswerLeavesAJobWithoutAnOutcomeOrASlotHeld() throws Exception {
    Random random = new Random(SEED);
    Map<String, Integer> readsOf = new ConcurrentHashMap<>();
    Map<String, Integer> endsAfter = new ConcurrentHashMap<>();
    AtomicInteger created = new AtomicInteger(), answers = new AtomicInteger();
    try (MockWebServer provider = new MockWebServer();
        LocalRuntime runtime =
            LocalRuntime.start(Map.of(), Map.of("seedflow.worker.enabled", "false"))) {
      provider.setDispatcher(
          new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
              if (request.getMethod().equals("POST")) {
                String id = "cgt-fuzz-" + created.incrementAndGet();
                synchronized (random) {
                  endsAfter.put(
                      id,
                      random.nextInt(6) == 0
                          ? Integer.MAX_VALUE
                          : 1 + random.nextInt(4)); // one in six never ends
                }
                return json("{\"id\": \"" + id + "\"}");
              }
              if (request.getUrl().encodedPath().startsWith("/media/")) {
                return new MockResponse.Builder()
                    .addHeader("Content-Type", "video/mp4")
                    .body("an mp4, as far as anyone here knows")
                    .build();
              }
              StringBuilder items = new StringBuilder();
              for (String id : request.getUrl().queryParameterValues("filter.task_ids")) {
                int read = readsOf.merge(id, 1, Integer::sum);
                boolean ends = read > endsAfter.getOrDefault(id, 1);
                if (!items.isEmpty()) items.append(',');
                synchronized (random) {
                  items.append(ends ? finished(id, random, request) : hostile(id, random));
                }
                answers.incrementAndGet();
              }
              return json("{\"total\": " + items.length() + ", \"items\": [" + items + "]}");
            }
          });
      provider.start();
      WorkerSettings settings =
          WorkerSettings.of(Map.of("requests-per-minute", "60000", "max-unfinished-tasks", "1000"));
      Map<Long, Integer> instances;
      Map<Long, ProcessOutcome> outcomes;
      int slotsLeft;
      try (SeedanceWorker worker =
          new SeedanceWorker(
                  runtime.client(),
                  new SeedanceClient(ClientSettings.forLocalRun()),
                  new LookupSecrets(Map.of("SEEDANCE_API_KEY", Canary.KEY)::get),
                  runtime.documents(),
                  PriceTable.EMPTY,
                  settings)
              .start()) {
        instances =
            Fleet.start(
                runtime,
                Fleet.generating("fuzzed_waits", "ark", provider.url("/").toString()),
                VIDEOS,
                n -> Map.of("suffix", "", "waitTimeout", "PT20S"));
        outcomes = Fleet.settle(runtime, instances.keySet(), Duration.ofSeconds(90));
        slotsLeft = worker.slotsHeld();
      }
      long withoutOutcome =
          outcomes.values().stream().filter(o -> o.state() == ProcessOutcome.State.RUNNING).count();
      Map<String, Integer> byCode = new TreeMap<>();
      for (ProcessOutcome outcome : outcomes.values()) {
        String code =
            outcome.state() == ProcessOutcome.State.COMPLETED
                ? "completed"
                : outcome.incidents().isEmpty()
                    ? "none"
                    : outcome
                        .incidents()
                        .getFirst()
                        .errorMessage()
                        .replaceAll("^(SEEDANCE_[A-Z_]+).*$", "$1");
        byCode.merge(code, 1, Integer::sum);
      }
      Figures.report(
          String.format(
              "hostile waits: %d videos (seed %d), %d status answers, every one feeding hostile"
                  + " values to a computation (duration, progress, times, seed, usage); jobs left"
                  + " without an outcome %d, slots leaked %d; outcomes %s",
              VIDEOS, SEED, answers.get(), withoutOutcome, slotsLeft, byCode));
      assertThat(withoutOutcome)
          .as("jobs left without an outcome: " + Fleet.notCompleted(outcomes))
          .isZero();
      assertThat(slotsLeft).as("slots leaked").isZero();
      assertThat(created.get()).as("each video created once").isEqualTo(VIDEOS);
      assertThat(byCode).containsKey("completed");
    }
  }

  /** A task still running, whose every computed field holds something hostile. */
  private static String hostile(String id, Random random) {
    return "{\"id\": \""
        + id
        + "\", \"model\": \"dreamina-seedance-2-0-260128\", \"status\": \""
        + pick(random, WORDS)
        + "\", \"duration\": "
        + pick(random, NUMBERS)
        + ", \"progress\": "
        + pick(random, NUMBERS)
        + ", \"created_at\": "
        + pick(random, NUMBERS)
        + ", \"updated_at\": "
        + pick(random, NUMBERS)
        + ", \"seed\": "
        + pick(random, NUMBERS)
        + ", \"usage\": {\"completion_tokens\": "
        + pick(random, NUMBERS)
        + "}}";
  }

  /** The task done, with hostile values beside a video that can be kept. */
  private static String finished(String id, Random random, RecordedRequest request) {
    String video =
        "http://"
            + request.getUrl().host()
            + ":"
            + request.getUrl().port()
            + "/media/"
            + id
            + ".mp4";
    return "{\"id\": \""
        + id
        + "\", \"model\": \"dreamina-seedance-2-0-260128\", \"status\": \"succeeded\","
        + " \"duration\": "
        + pick(random, NUMBERS)
        + ", \"created_at\": "
        + pick(random, NUMBERS)
        + ", \"content\": {\"video_url\": \""
        + video
        + "\"}, \"usage\": {\"completion_tokens\": "
        + pick(random, NUMBERS)
        + "}}";
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  private static MockResponse json(String body) {
    return new MockResponse.Builder()
        .addHeader("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
