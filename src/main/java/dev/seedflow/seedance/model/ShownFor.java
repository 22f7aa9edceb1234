package dev.seedflow.seedance.model;

import dev.seedflow.seedance.client.dialect.Dialect;
import dev.seedflow.seedance.request.DialectRules;
import dev.seedflow.seedance.request.Option;
import dev.seedflow.seedance.request.ProviderType;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.function.Predicate;

/**
 * For which providers a template field is shown, said as a rule over the dialects' rules instead of
 * as a list of providers: a field's {@code providerType} condition names one of these rules, and
 * the template generator writes in the providers whose rules meet it. A dialect added later so
 * shows exactly the fields its rules take, with no list in the input model to edit.
 */
public final class ShownFor {
  /** Followed by an option's variable ({@code video.seed}): the providers whose rules take it. */
  public static final String TAKING = "taking ";

  /** Providers whose requests choose a resolution (not the gateways, whose model name fixes it). */
  public static final String CHOOSING_A_RESOLUTION = "choosing a resolution";

  /** The API of Seedance's makers, whose base URL is a region. */
  public static final String THE_MAKERS_API = "the makers' API";

  /** Gateways: no public host, so the base URL must be given. */
  public static final String GATEWAYS = "gateways";

  /** Hosts with an API of their own at a known address (fal, Replicate). */
  public static final String HOSTS = "hosts";

  /**
   * Of a dropdown: the providers whose documented list (of models, or of aspect ratios) is exactly
   * the dropdown's choices. A list no dropdown offers yet gets a dropdown of its own.
   */
  public static final String OFFERING_THESE_MODELS = "offering these models";

  public static final String OFFERING_THESE_ASPECT_RATIOS = "offering these aspect ratios";

  /** The label of the one choice a provider dropdown declares: the generator writes them all. */
  public static final String EVERY_PROVIDER = "every provider type, by the template generator";

  private ShownFor() {}

  /** Whether a condition's value is one of these rules rather than a provider. */
  public static boolean isRule(String value) {
    return value.startsWith(TAKING)
        || List.of(
                CHOOSING_A_RESOLUTION,
                THE_MAKERS_API,
                GATEWAYS,
                HOSTS,
                OFFERING_THESE_MODELS,
                OFFERING_THESE_ASPECT_RATIOS)
            .contains(value);
  }

  /**
   * The providers a field under {@code rule} is shown for, in the order of {@link ProviderType}.
   *
   * @param choices the dropdown's values, for the rules that compare a list
   */
  public static List<ProviderType> providers(String rule, List<String> choices) {
    return Arrays.stream(ProviderType.values())
        .filter(type -> meets(rule, choices).test(type))
        .toList();
  }

  private static Predicate<ProviderType> meets(String rule, List<String> choices) {
    if (rule.startsWith(TAKING)) {
      String field = rule.substring(TAKING.length());
      Option option =
          Arrays.stream(Option.values())
              .filter(o -> o.field().equals(field))
              .findFirst()
              .orElseThrow(() -> new IllegalArgumentException("no option is named " + field));
      return type -> rules(type).options().contains(option);
    }
    return switch (rule) {
      case CHOOSING_A_RESOLUTION ->
          type ->
              !rules(type).resolutionFromModelName()
                  && rules(type).options().contains(Option.RESOLUTION);
      case THE_MAKERS_API -> type -> type == ProviderType.DEFAULT;
      case GATEWAYS -> type -> type.defaultBaseUrl().isEmpty();
      case HOSTS -> type -> type != ProviderType.DEFAULT && type.defaultBaseUrl().isPresent();
      case OFFERING_THESE_MODELS -> type -> sameSet(rules(type).documentedModels(), choices);
      case OFFERING_THESE_ASPECT_RATIOS -> type -> sameSet(rules(type).aspectRatios(), choices);
      default -> throw new IllegalArgumentException("no such rule: " + rule);
    };
  }

  private static DialectRules rules(ProviderType type) {
    return Dialect.of(type).rules();
  }

  private static boolean sameSet(List<String> documented, List<String> choices) {
    return !documented.isEmpty() && new HashSet<>(documented).equals(new HashSet<>(choices));
  }
}
