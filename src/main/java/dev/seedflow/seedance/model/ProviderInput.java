package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.seedflow.seedance.request.ProviderConfig;
import dev.seedflow.seedance.request.ProviderType;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.Pattern;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyBinding;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;

/**
 * The {@code provider.*} variables. The base URL appears twice in the Modeler, with a different
 * default and rule for Ark and for the gateways; both fields write {@code provider.baseUrl}, so
 * they exist here only for the template.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProviderInput(
    @TemplateProperty(
            id = "providerType",
            group = "provider",
            label = "Provider API",
            type = PropertyType.Dropdown,
            defaultValue = "ark",
            // The template generator writes one choice per ProviderType, with its label.
            choices = {@DropdownPropertyChoice(value = "ark", label = ShownFor.EVERY_PROVIDER)},
            tooltip =
                "The API your Seedance provider speaks. Pick BytePlus ModelArk / Volcano Engine Ark"
                    + " if your account is there, fal or Replicate if your key is theirs. Pick a"
                    + " gateway format if your provider's documentation shows that request shape.")
        String type,
    @TemplateProperty(
            id = "arkBaseUrl",
            group = "provider",
            label = "Base URL",
            optional = true,
            binding = @PropertyBinding(name = "baseUrl"),
            defaultValue = "https://ark.ap-southeast.bytepluses.com",
            condition =
                @PropertyCondition(property = "providerType", oneOf = ShownFor.THE_MAKERS_API),
            constraints =
                @PropertyConstraints(
                    pattern =
                        @Pattern(
                            value = UrlPatterns.BASE_URL,
                            message = "Must be an https:// address")),
            tooltip =
                "Where the Ark API lives. BytePlus (international):"
                    + " https://ark.ap-southeast.bytepluses.com. Volcano Engine (China):"
                    + " https://ark.cn-beijing.volces.com. Give the address only, without /api/v3."
                    + " It may also come from a secret, such as {{secrets.SEEDANCE_BASE_URL}}.")
        @JsonIgnore
        String arkBaseUrl,
    @TemplateProperty(
            id = "gatewayBaseUrl",
            group = "provider",
            label = "Base URL",
            binding = @PropertyBinding(name = "baseUrl"),
            condition = @PropertyCondition(property = "providerType", oneOf = ShownFor.GATEWAYS),
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @Pattern(
                            value = UrlPatterns.BASE_URL,
                            message = "Must be an https:// address")),
            tooltip =
                "The address of your gateway's API, as its documentation gives it, without /v1 (for"
                    + " example https://api.example.com), or a secret holding it, such as"
                    + " {{secrets.SEEDANCE_BASE_URL}}.")
        @JsonIgnore
        String gatewayBaseUrl,
    @TemplateProperty(
            id = "hostBaseUrl",
            group = "provider",
            label = "Base URL",
            optional = true,
            binding = @PropertyBinding(name = "baseUrl"),
            condition = @PropertyCondition(property = "providerType", oneOf = ShownFor.HOSTS),
            tooltip =
                "Leave empty for the host's own API: https://queue.fal.run for fal,"
                    + " https://api.replicate.com for Replicate. Give another https:// address only"
                    + " for a proxy in front of it (checked before anything is sent; the Modeler"
                    + " checks no pattern on an empty optional field).")
        @JsonIgnore
        String hostBaseUrl,
    @TemplateProperty(ignore = true) String baseUrl,
    @TemplateProperty(
            id = "apiKey",
            group = "provider",
            label = "API key",
            defaultValue = "{{secrets.SEEDANCE_API_KEY}}",
            constraints = @PropertyConstraints(notEmpty = true),
            tooltip =
                "Your provider's API key (fal: the FAL_KEY; Replicate: the API token). Keep it in a"
                    + " Camunda secret named SEEDANCE_API_KEY; never type the key itself here. On"
                    + " 8.10, =camunda.secrets.SEEDANCE_API_KEY works here too: use it in this"
                    + " field and the base URL only.")
        String apiKey) {

  public ProviderConfig toConfig() {
    return new ProviderConfig(ProviderType.fromWireName(type), baseUrl, apiKey);
  }

  @Override
  public String toString() {
    return "ProviderInput[type=" + type + ", baseUrl=" + baseUrl + ", apiKey=<hidden>]";
  }
}
