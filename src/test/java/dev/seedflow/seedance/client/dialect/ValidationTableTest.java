package dev.seedflow.seedance.client.dialect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.ModelFacts;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The tables of docs/validation.md are rendered from the dialects' rules and the model table, so a
 * dialect added as one file shows up in it, and a rule changed in a dialect cannot leave the page
 * behind. {@code ./seedance templates} writes it.
 */
class ValidationTableTest {
  private static final Path PAGE = Path.of("docs", "validation.md");
  private static final String START =
      "<!-- the table below is rendered from the dialects' rules: ./seedance templates -->";
  private static final String END = "<!-- end of the rendered table -->";

  @Test
  void thePagesTableIsTheOneTheRulesRender() throws IOException {
    String page = Files.readString(PAGE);
    int start = page.indexOf(START);
    int end = page.indexOf(END);
    assertThat(start).as("the page marks its rendered table").isNotNegative().isLessThan(end);
    String rendered =
        page.substring(0, start + START.length()) + "\n" + table() + page.substring(end);
    if (Boolean.getBoolean("seedflow.writeTemplates")) {
      Files.writeString(PAGE, rendered);
      page = rendered;
    }
    assertThat(page)
        .as("run ./seedance templates and commit docs/validation.md")
        .isEqualTo(rendered);
  }

  /** The rendering can fail: a rule of one dialect reaches its column. */
  @Test
  void aRuleReachesItsDialectsColumn() {
    assertThat(table())
        .contains(
            "| duration (s) | 4-30, or -1 (the model decides) | 4-15 (default 5) | 5-15 (default 5)"
                + " | 4-15 |")
        .contains(
            "| frames | 29 to 289 in steps of 4; not taken by the listed models | not taken by the"
                + " listed models | not taken by the listed models | not supported |")
        .contains(
            "| ark | dreamina-seedance-2-5-260628 | Seedance 2.5 | 4-30, or -1 | 480p 720p 1080p 4k"
                + " | 30 / 10 / 10 | mp4 mov | auto reference edit extend | final at 1080p |")
        .contains(
            "| fal | bytedance/seedance-2.5 | Seedance 2.5 | 4-30, or -1 | 480p 720p | 30 / 10 / 10"
                + " | none | none | none |");
  }

  static String table() {
    List<DialectRules> all =
        Arrays.stream(ProviderType.values()).map(type -> Dialect.of(type).rules()).toList();
    StringBuilder table = new StringBuilder("| rule |");
    all.forEach(rules -> table.append(' ').append(rules.type()).append(" |"));
    table.append("\n| --- |").append(" --- |".repeat(all.size())).append('\n');
    row(
        table,
        all,
        "modes",
        rules ->
            rules.modes().size() == Mode.values().length
                ? "all"
                : rules.modes().stream().map(Mode::wireName).collect(Collectors.joining(" ")));
    row(
        table,
        all,
        "prompt required",
        rules -> rules.promptAlwaysRequired() ? "always" : "for text-to-video");
    row(
        table,
        all,
        "duration (s)",
        rules ->
            rules.minDuration()
                + "-"
                + rules.maxDuration()
                + (rules.modelMayChooseDuration() ? ", or -1 (the model decides)" : "")
                + (rules.defaultDuration() == null
                    ? ""
                    : " (default " + rules.defaultDuration() + ")"));
    row(table, all, "aspect ratio", rules -> String.join(" ", rules.aspectRatios()));
    row(
        table,
        all,
        "resolution",
        rules ->
            rules.resolutionFromModelName()
                ? "fixed by the model name; a different one is an error"
                : String.join(" ", rules.resolutions()) + " (each model: below)");
    row(
        table,
        all,
        "seed",
        rules ->
            !rules.options().contains(Option.SEED)
                ? "not supported"
                : rules.minSeed() == Long.MIN_VALUE && rules.maxSeed() == Long.MAX_VALUE
                    ? "any integer"
                    : rules.minSeed() + " to " + rules.maxSeed());
    row(
        table,
        all,
        "execution expiry (s)",
        rules ->
            !rules.options().contains(Option.EXECUTION_EXPIRES_AFTER)
                ? "not supported"
                : rules.maxExecutionExpiresAfter() == Long.MAX_VALUE
                    ? "positive"
                    : rules.minExecutionExpiresAfter() + "-" + rules.maxExecutionExpiresAfter());
    row(
        table,
        all,
        "service tier",
        rules ->
            !rules.options().contains(Option.SERVICE_TIER)
                ? "not supported"
                : rules.serviceTiers().isEmpty()
                    ? "passed on"
                    : String.join(" ", rules.serviceTiers()));
    for (Option option :
        List.of(
            Option.FRAMES,
            Option.CAMERA_FIXED,
            Option.DRAFT,
            Option.WATERMARK,
            Option.GENERATE_AUDIO,
            Option.RETURN_LAST_FRAME,
            Option.CALLBACK_URL,
            Option.OUTPUT_FORMAT,
            Option.REFERENCE_TASK_TYPE)) {
      row(
          table,
          all,
          option
              .field()
              .substring("video.".length())
              .replaceAll("([A-Z])", " $1")
              .toLowerCase(java.util.Locale.ROOT),
          rules -> optionCell(rules, option));
    }
    table
        .append(
            "\n"
                + "| host | model id | model | duration (s) | resolution | reference images /"
                + " videos / audios | output format | reference task type | drafts |\n")
        .append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
    for (DialectRules rules : all) {
      for (String id : rules.documentedModels()) {
        ModelFacts facts = ModelFacts.of(rules, id);
        table
            .append("| ")
            .append(rules.type())
            .append(" | ")
            .append(id)
            .append(" | ")
            .append(facts.model().orElseThrow().label())
            .append(" | ")
            .append(facts.minDuration())
            .append('-')
            .append(facts.maxDuration())
            .append(facts.modelMayChooseDuration() ? ", or -1" : "")
            .append(" | ")
            .append(
                facts.lockedResolution() != null
                    ? facts.lockedResolution() + " (by its name)"
                    : String.join(" ", facts.resolutions()))
            .append(" | ")
            .append(facts.maxImages())
            .append(" / ")
            .append(facts.maxVideos())
            .append(" / ")
            .append(facts.maxAudios())
            .append(" | ")
            .append(orNone(facts.outputFormats()))
            .append(" | ")
            .append(orNone(facts.referenceTaskTypes()))
            .append(" | ")
            .append(
                facts.draftFinalResolutions().isEmpty()
                    ? "none"
                    : "final at " + String.join(" ", facts.draftFinalResolutions()))
            .append(" |\n");
      }
    }
    return table.toString();
  }

  private static String orNone(List<String> values) {
    return values.isEmpty() ? "none" : String.join(" ", values);
  }

  /**
   * Passed on, or not taken by some listed models of the host (by name), or by any (then an
   * unlisted id still may).
   */
  private static String optionCell(DialectRules rules, Option option) {
    if (!rules.options().contains(option)) return "not supported";
    String counts =
        option == Option.FRAMES && rules.frameCounts() != null ? rules.frameCounts() + "; " : "";
    List<String> notTaking =
        rules.documentedModels().stream()
            .map(id -> ModelFacts.of(rules, id))
            .filter(facts -> facts.notTaken().contains(option))
            .map(facts -> facts.model().orElseThrow().label())
            .distinct()
            .toList();
    if (notTaking.isEmpty()) return counts + "passed on";
    boolean none =
        notTaking.size()
            == rules.documentedModels().stream()
                .map(id -> ModelFacts.of(rules, id).model().orElseThrow())
                .distinct()
                .count();
    return counts
        + (none
            ? "not taken by the listed models"
            : "not taken by " + String.join(", ", notTaking));
  }

  private static void row(
      StringBuilder table,
      List<DialectRules> all,
      String rule,
      Function<DialectRules, String> cell) {
    table.append("| ").append(rule).append(" |");
    all.forEach(rules -> table.append(' ').append(cell.apply(rules)).append(" |"));
    table.append('\n');
  }
}
