package dev.seedflow.seedance.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.seedflow.seedance.error.Problem;
import dev.seedflow.seedance.error.SeedanceException;
import dev.seedflow.seedance.request.Mode;
import dev.seedflow.seedance.request.Text;
import dev.seedflow.seedance.request.VideoRequest;
import dev.seedflow.seedance.signing.EventTokens;
import io.camunda.connector.generator.dsl.Property.FeelMode;
import io.camunda.connector.generator.java.annotation.TemplateProperty;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DefaultValueType;
import io.camunda.connector.generator.java.annotation.TemplateProperty.DropdownPropertyChoice;
import io.camunda.connector.generator.java.annotation.TemplateProperty.Pattern;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyBinding;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyCondition;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyConstraints;
import io.camunda.connector.generator.java.annotation.TemplateProperty.PropertyType;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The {@code video.*} variables as the Modeler shows them. The model and aspect-ratio lists differ
 * per provider, so each appears once per provider in the template, every copy writing the same
 * variable; those copies exist here only for the template ({@link JsonIgnore}), and the variable
 * itself arrives in {@link #model} and {@link #aspectRatio}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record VideoInput(
    @TemplateProperty(
            id = "otherModel",
            group = "video",
            label = "Other model or endpoint id",
            optional = true,
            tooltip =
                "Leave empty to use the model chosen below. Enter any other model id, or an Ark"
                    + " endpoint id such as ep-2026..., or an expression such as =model, to use it"
                    + " instead.")
        String otherModel,
    @TemplateProperty(
            id = "arkModel",
            group = "video",
            label = "Model",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "model"),
            defaultValue = "dreamina-seedance-2-0-fast-260128",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_MODELS),
            choices = {
              @DropdownPropertyChoice(
                  value = "dreamina-seedance-2-0-fast-260128",
                  label = "Seedance 2.0 fast (BytePlus)"),
              @DropdownPropertyChoice(
                  value = "dreamina-seedance-2-0-260128",
                  label = "Seedance 2.0 (BytePlus, up to 4K)"),
              @DropdownPropertyChoice(
                  value = "dreamina-seedance-2-0-mini-260615",
                  label = "Seedance 2.0 mini (BytePlus)"),
              @DropdownPropertyChoice(
                  value = "dreamina-seedance-2-5-260628",
                  label = "Seedance 2.5 (BytePlus, up to 30 s)"),
              @DropdownPropertyChoice(
                  value = "dreamina-seedance-2-5-flash-261115",
                  label = "Seedance 2.5 Flash (BytePlus, up to 30 s)"),
              @DropdownPropertyChoice(
                  value = "doubao-seedance-2-0-fast-260128",
                  label = "Seedance 2.0 fast (Volcano Engine)"),
              @DropdownPropertyChoice(
                  value = "doubao-seedance-2-0-260128",
                  label = "Seedance 2.0 (Volcano Engine)"),
              @DropdownPropertyChoice(
                  value = "doubao-seedance-2-0-mini-260615",
                  label = "Seedance 2.0 mini (Volcano Engine)"),
              @DropdownPropertyChoice(
                  value = "doubao-seedance-2-5-260628",
                  label = "Seedance 2.5 (Volcano Engine)")
            },
            tooltip =
                "Fast, mini and Flash are cheaper and quicker; standard looks best; 2.5 makes up to"
                    + " 30 s. To use another model or an endpoint id (ep-...), fill in 'Other model"
                    + " or endpoint id' above.")
        @JsonIgnore
        String arkModel,
    @TemplateProperty(
            id = "gatewayModel",
            group = "video",
            label = "Model",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "model"),
            defaultValue = "seedance2.0-fast-720p",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_MODELS),
            choices = {
              @DropdownPropertyChoice(
                  value = "seedance2.0-fast-480p",
                  label = "Seedance 2.0 fast, 480p"),
              @DropdownPropertyChoice(
                  value = "seedance2.0-fast-720p",
                  label = "Seedance 2.0 fast, 720p"),
              @DropdownPropertyChoice(
                  value = "seedance2.0-mini-480p",
                  label = "Seedance 2.0 mini, 480p"),
              @DropdownPropertyChoice(
                  value = "seedance2.0-mini-720p",
                  label = "Seedance 2.0 mini, 720p"),
              @DropdownPropertyChoice(value = "seedance2.0-480p", label = "Seedance 2.0, 480p"),
              @DropdownPropertyChoice(value = "seedance2.0-720p", label = "Seedance 2.0, 720p"),
              @DropdownPropertyChoice(value = "seedance2.0-1080p", label = "Seedance 2.0, 1080p"),
              @DropdownPropertyChoice(
                  value = "seedance2.0-4k",
                  label = "Seedance 2.0, 4K (where enabled)")
            },
            tooltip =
                "The model name fixes the resolution on gateways. To use another model name, fill"
                    + " in 'Other model or endpoint id' above.")
        @JsonIgnore
        String gatewayModel,
    @TemplateProperty(
            id = "openAiModel",
            group = "video",
            label = "Model",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "model"),
            defaultValue = "doubao-seedance-2-0-fast-260128",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_MODELS),
            choices = {
              @DropdownPropertyChoice(
                  value = "doubao-seedance-2-0-fast-260128",
                  label = "Seedance 2.0 fast"),
              @DropdownPropertyChoice(value = "doubao-seedance-2-0-260128", label = "Seedance 2.0")
            },
            tooltip =
                "Fast is cheaper and quicker; standard looks best. To use another model, fill in"
                    + " 'Other model or endpoint id' above.")
        @JsonIgnore
        String openAiModel,
    @TemplateProperty(
            id = "falModel",
            group = "video",
            label = "Model",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "model"),
            defaultValue = "bytedance/seedance-2.0/fast",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_MODELS),
            choices = {
              @DropdownPropertyChoice(
                  value = "bytedance/seedance-2.0/fast",
                  label = "Seedance 2.0 fast"),
              @DropdownPropertyChoice(value = "bytedance/seedance-2.0", label = "Seedance 2.0"),
              @DropdownPropertyChoice(
                  value = "bytedance/seedance-2.0/mini",
                  label = "Seedance 2.0 mini"),
              @DropdownPropertyChoice(value = "bytedance/seedance-2.5", label = "Seedance 2.5"),
              @DropdownPropertyChoice(
                  value = "bytedance/seedance-2.5/flash",
                  label = "Seedance 2.5 Flash")
            },
            tooltip =
                "fal's model, without the mode: Seedflow picks the text-, image- or"
                    + " reference-to-video endpoint from 'What to make'. To use another fal model,"
                    + " fill in 'Other model or endpoint id' above.")
        @JsonIgnore
        String falModel,
    @TemplateProperty(
            id = "replicateModel",
            group = "video",
            label = "Model",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "model"),
            defaultValue = "bytedance/seedance-2.0-fast",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_MODELS),
            choices = {
              @DropdownPropertyChoice(
                  value = "bytedance/seedance-2.0-fast",
                  label = "Seedance 2.0 fast"),
              @DropdownPropertyChoice(value = "bytedance/seedance-2.0", label = "Seedance 2.0")
            },
            tooltip =
                "Replicate's model, as owner/name. Replicate deletes a video after an hour, so keep"
                    + " it as a document.")
        @JsonIgnore
        String replicateModel,
    @TemplateProperty(ignore = true) String model,
    @TemplateProperty(
            id = "mode",
            group = "video",
            label = "What to make",
            type = PropertyType.Dropdown,
            defaultValue = "text-to-video",
            // The template generator writes one choice per Mode, with its label.
            choices = {@DropdownPropertyChoice(value = "text-to-video", label = "Video from text")},
            tooltip =
                "Decides which pictures, videos or sounds the video starts from; only the fields it"
                    + " needs are shown. Editing and extending are not offered by the"
                    + " OpenAI-compatible format, fal or Replicate; finalising a draft only by"
                    + " Ark.")
        String mode,
    @TemplateProperty(
            id = "prompt",
            group = "video",
            label = "Prompt",
            type = PropertyType.Text,
            optional = true,
            feel = FeelMode.optional,
            condition =
                @PropertyCondition(
                    property = "mode",
                    oneOf = {
                      "text-to-video",
                      "image-to-video",
                      "first-last-frame",
                      "reference",
                      "edit",
                      "extend"
                    }),
            tooltip =
                "Describe the video: subject, action, camera, style. Required for text to video;"
                    + " optional when images or videos guide it.")
        String prompt,
    @TemplateProperty(
            id = "firstFrame",
            group = "video",
            label = "First frame image",
            feel = FeelMode.optional,
            condition =
                @PropertyCondition(
                    property = "mode",
                    oneOf = {"image-to-video", "first-last-frame"}),
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @Pattern(
                            value = UrlPatterns.IMAGE,
                            message =
                                "Must be an https:// address, a data:image URL or asset://<id>")),
            tooltip =
                "The picture the video starts with: an https:// address the provider can download,"
                    + " a data:image/...;base64 URL, or asset://<id>.")
        String firstFrame,
    @TemplateProperty(
            id = "lastFrame",
            group = "video",
            label = "Last frame image",
            feel = FeelMode.optional,
            condition = @PropertyCondition(property = "mode", equals = "first-last-frame"),
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @Pattern(
                            value = UrlPatterns.IMAGE,
                            message =
                                "Must be an https:// address, a data:image URL or asset://<id>")),
            tooltip = "The picture the video ends with. Same kinds of address as the first frame.")
        String lastFrame,
    @TemplateProperty(
            id = "referenceImages",
            group = "video",
            label = "Reference images",
            feel = FeelMode.required,
            optional = true,
            condition =
                @PropertyCondition(
                    property = "mode",
                    oneOf = {"reference", "edit"}),
            tooltip =
                "Up to 9 pictures whose look, product or characters the video keeps, as a list:"
                    + " =[\"https://.../a.png\", \"https://.../b.png\"].")
        List<String> referenceImages,
    @TemplateProperty(
            id = "referenceVideos",
            group = "video",
            label = "Reference videos",
            feel = FeelMode.required,
            optional = true,
            condition = @PropertyCondition(property = "mode", equals = "reference"),
            tooltip =
                "Up to 3 videos (2-15 s each, 15 s in all) whose motion or camera work the video"
                    + " follows, as a list of https:// addresses.")
        List<String> referenceVideos,
    @TemplateProperty(
            id = "referenceAudios",
            group = "video",
            label = "Reference audio",
            feel = FeelMode.required,
            optional = true,
            condition = @PropertyCondition(property = "mode", equals = "reference"),
            tooltip =
                "Up to 3 sound files (wav or mp3, 2-15 s each) as a list. Needs at least one"
                    + " reference image or video, and switches sound on.")
        List<String> referenceAudios,
    @TemplateProperty(
            id = "sourceVideo",
            group = "video",
            label = "Video to edit or extend",
            feel = FeelMode.optional,
            condition =
                @PropertyCondition(
                    property = "mode",
                    oneOf = {"edit", "extend"}),
            constraints =
                @PropertyConstraints(
                    notEmpty = true,
                    pattern =
                        @Pattern(
                            value = UrlPatterns.VIDEO,
                            message = "Must be an https:// address or asset://<id>")),
            tooltip = "The video to change or continue: an https:// address or asset://<id>.")
        String sourceVideo,
    @TemplateProperty(
            id = "draftTaskId",
            group = "video",
            label = "Draft task id",
            feel = FeelMode.optional,
            condition = @PropertyCondition(property = "mode", equals = "draft"),
            constraints = @PropertyConstraints(notEmpty = true),
            tooltip =
                "The task id of a draft made earlier; the draft is turned into the final video as"
                    + " it is.")
        String draftTaskId,
    @TemplateProperty(
            id = "duration",
            group = "options",
            label = "Duration (seconds)",
            optional = true,
            defaultValue = "5",
            defaultValueType = DefaultValueType.Number,
            feel = FeelMode.optional,
            condition =
                @PropertyCondition(
                    property = "mode",
                    oneOf = {
                      "text-to-video",
                      "image-to-video",
                      "first-last-frame",
                      "reference",
                      "edit",
                      "extend"
                    }),
            constraints =
                @PropertyConstraints(
                    pattern =
                        @Pattern(
                            value = "^(=.*|-1|[4-9]|[12][0-9]|30)$",
                            message = "Must be 4 to 30 seconds (or -1 on Ark, fal and Replicate)")),
            tooltip =
                "How long the video is: 4 to 15 seconds on Seedance 2.0 (legacy gateways: 5 to 15),"
                    + " up to 30 on Seedance 2.5; each model's range is checked before anything is"
                    + " sent. On Ark, fal and Replicate, -1 lets the model choose.")
        @JsonDeserialize(using = WholeNumbers.IntegerValue.class)
        Integer duration,
    @TemplateProperty(
            id = "otherResolution",
            group = "options",
            label = "Other resolution",
            optional = true,
            feel = FeelMode.optional,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.CHOOSING_A_RESOLUTION),
            tooltip =
                "Leave empty to use the resolution chosen below. An expression such as =resolution"
                    + " wins over it; its value is checked, like the list's, before anything is"
                    + " sent.")
        String otherResolution,
    @TemplateProperty(
            id = "resolution",
            group = "options",
            label = "Resolution",
            type = PropertyType.Dropdown,
            defaultValue = "720p",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.CHOOSING_A_RESOLUTION),
            choices = {
              @DropdownPropertyChoice(value = "480p", label = "480p"),
              @DropdownPropertyChoice(value = "720p", label = "720p"),
              @DropdownPropertyChoice(
                  value = "1080p",
                  label = "1080p (not with fast, mini or Flash models)"),
              @DropdownPropertyChoice(value = "4k", label = "4K (Seedance 2.0 and 2.5 on Ark)")
            },
            tooltip =
                "Picture size. Higher costs more. Gateways take it from the model name instead.")
        String resolution,
    @TemplateProperty(
            id = "otherAspectRatio",
            group = "options",
            label = "Other aspect ratio",
            optional = true,
            feel = FeelMode.optional,
            tooltip =
                "Leave empty to use the aspect ratio chosen below. An expression such as"
                    + " =aspectRatio wins over it; its value is checked, like the list's, before"
                    + " anything is sent.")
        String otherAspectRatio,
    @TemplateProperty(
            id = "arkAspectRatio",
            group = "options",
            label = "Aspect ratio",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "aspectRatio"),
            defaultValue = "16:9",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_ASPECT_RATIOS),
            choices = {
              @DropdownPropertyChoice(value = "16:9", label = "16:9 landscape"),
              @DropdownPropertyChoice(value = "9:16", label = "9:16 portrait"),
              @DropdownPropertyChoice(value = "1:1", label = "1:1 square"),
              @DropdownPropertyChoice(value = "4:3", label = "4:3"),
              @DropdownPropertyChoice(value = "3:4", label = "3:4"),
              @DropdownPropertyChoice(value = "21:9", label = "21:9 cinema"),
              @DropdownPropertyChoice(value = "adaptive", label = "Follow the first image")
            },
            tooltip = "The shape of the picture.")
        @JsonIgnore
        String arkAspectRatio,
    @TemplateProperty(
            id = "unifiedAspectRatio",
            group = "options",
            label = "Aspect ratio",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "aspectRatio"),
            defaultValue = "16:9",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_ASPECT_RATIOS),
            choices = {
              @DropdownPropertyChoice(value = "16:9", label = "16:9 landscape"),
              @DropdownPropertyChoice(value = "9:16", label = "9:16 portrait"),
              @DropdownPropertyChoice(value = "1:1", label = "1:1 square"),
              @DropdownPropertyChoice(value = "4:3", label = "4:3"),
              @DropdownPropertyChoice(value = "3:4", label = "3:4"),
              @DropdownPropertyChoice(value = "21:9", label = "21:9 cinema"),
              @DropdownPropertyChoice(value = "auto", label = "Automatic")
            },
            tooltip = "The shape of the picture.")
        @JsonIgnore
        String unifiedAspectRatio,
    @TemplateProperty(
            id = "legacyAspectRatio",
            group = "options",
            label = "Aspect ratio",
            type = PropertyType.Dropdown,
            binding = @PropertyBinding(name = "aspectRatio"),
            defaultValue = "16:9",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.OFFERING_THESE_ASPECT_RATIOS),
            choices = {
              @DropdownPropertyChoice(value = "16:9", label = "16:9 landscape"),
              @DropdownPropertyChoice(value = "9:16", label = "9:16 portrait"),
              @DropdownPropertyChoice(value = "1:1", label = "1:1 square")
            },
            tooltip = "The shape of the picture. The legacy format offers these three.")
        @JsonIgnore
        String legacyAspectRatio,
    @TemplateProperty(ignore = true) String aspectRatio,
    @JsonDeserialize(using = WholeNumbers.IntegerValue.class) @TemplateProperty(ignore = true)
        Integer frames,
    @TemplateProperty(
            id = "seed",
            group = AdvancedGroup.ID,
            label = "Seed",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.seed"),
            tooltip =
                "Leave empty for a new result each time. The same number with the same input gives"
                    + " a similar video (-1 means random).")
        @JsonDeserialize(using = WholeNumbers.LongValue.class)
        Long seed,
    @TemplateProperty(
            id = "watermark",
            group = "options",
            label = "Watermark",
            type = PropertyType.Boolean,
            defaultValue = "false",
            defaultValueType = DefaultValueType.Boolean,
            tooltip = "Adds the provider's watermark in a corner of the video.")
        Boolean watermark,
    @TemplateProperty(
            id = "generateAudio",
            group = "options",
            label = "Generate sound",
            type = PropertyType.Boolean,
            defaultValue = "true",
            defaultValueType = DefaultValueType.Boolean,
            tooltip =
                "Makes a soundtrack that fits the video. Switched on by itself when reference audio"
                    + " is given.")
        Boolean generateAudio,
    @TemplateProperty(
            id = "cameraFixed",
            group = "options",
            label = "Keep the camera still",
            type = PropertyType.Boolean,
            defaultValue = "false",
            defaultValueType = DefaultValueType.Boolean,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.cameraFixed"),
            tooltip =
                "Asks for no camera movement. The Ark and gateway APIs take it, but no Seedance"
                    + " 2.0 or 2.5 model does: for those it is refused before anything is sent; for"
                    + " another model id (an Ark endpoint ep-...) it is passed on.")
        Boolean cameraFixed,
    @TemplateProperty(
            id = "returnLastFrame",
            group = AdvancedGroup.ID,
            label = "Also return the last frame",
            type = PropertyType.Boolean,
            defaultValue = "false",
            defaultValueType = DefaultValueType.Boolean,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.returnLastFrame"),
            tooltip =
                "Also returns the final picture (lastFrameUrl), handy as the first frame of a"
                    + " follow-up video.")
        Boolean returnLastFrame,
    @TemplateProperty(
            id = "draft",
            group = "options",
            label = "Make a draft",
            type = PropertyType.Boolean,
            defaultValue = "false",
            defaultValueType = DefaultValueType.Boolean,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.draft"),
            tooltip =
                "A quick, cheaper 480p preview to finalise later (mode 'Finalise a draft', at"
                    + " 1080p). Shown for the listed models that make drafts; for another that"
                    + " does (Seedance 1.5 pro, in 'Other model'), map video.draft yourself.")
        Boolean draft,
    @TemplateProperty(
            id = "serviceTier",
            group = AdvancedGroup.ID,
            label = "Service tier",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.serviceTier"),
            tooltip = "Leave empty for the normal service. On Ark, 'flex' is cheaper and slower.")
        String serviceTier,
    @TemplateProperty(
            id = "executionExpiresAfter",
            group = AdvancedGroup.ID,
            label = "Give up after (seconds)",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.executionExpiresAfter"),
            tooltip =
                "The provider drops the task if it has not finished by then. Ark: 3600 to 259200 (1"
                    + " hour to 3 days, default 2 days). Replicate (Cancel-After): unset, the"
                    + " step's wait timeout; a prediction not started by then is aborted, unpaid.")
        @JsonDeserialize(using = WholeNumbers.IntegerValue.class)
        Integer executionExpiresAfter,
    @TemplateProperty(
            id = "callbackUrl",
            group = AdvancedGroup.ID,
            label = "Callback URL",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.callbackUrl"),
            tooltip =
                "Optional: an https:// address the provider calls when the task changes (Ark on"
                    + " each change; fal and Replicate once, at the end, signed). Seedflow does not"
                    + " need it; it reads the status itself.")
        String callbackUrl,
    @TemplateProperty(
            id = "callbackEvent",
            group = AdvancedGroup.ID,
            label = "Callback to a 'video finished' event (its webhook ID)",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.callbackUrl"),
            tooltip =
                "For the two-step flow: the webhook ID of a 'Seedance: video finished' event later"
                    + " in this process. The provider then calls that event when the task changes,"
                    + " at <runtime's public URL>/inbound/<this ID>. Leave the callback URL empty.")
        String callbackEvent,
    @TemplateProperty(
            id = "publicUrl",
            group = AdvancedGroup.ID,
            label = "Connectors runtime's public URL",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.callbackUrl"),
            tooltip =
                "Needed with a 'video finished' event only: where the provider reaches your"
                    + " connectors runtime (https://...), which the runtime cannot know itself."
                    + " Enter {{secrets.SEEDFLOW_PUBLIC_URL}} and keep the address in that secret.")
        String publicUrl,
    @TemplateProperty(
            id = "priority",
            group = AdvancedGroup.ID,
            label = "Priority",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.priority"),
            tooltip =
                "Ark's queue priority for Seedance 2.0, 0 to 9 (checked before anything is sent);"
                    + " leave empty for the account's default.")
        @JsonDeserialize(using = WholeNumbers.IntegerValue.class)
        Integer priority,
    @TemplateProperty(
            id = "safetyIdentifier",
            group = AdvancedGroup.ID,
            label = "Safety identifier",
            optional = true,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.safetyIdentifier"),
            tooltip =
                "A hash of the id of the person the video is for (at most 64 letters and digits),"
                    + " so Ark can trace abuse to one user rather than block the whole account."
                    + " Never a name or an e-mail address.")
        String safetyIdentifier,
    @TemplateProperty(
            id = "webSearch",
            group = AdvancedGroup.ID,
            label = "Let the model search the web",
            type = PropertyType.Boolean,
            defaultValue = "false",
            defaultValueType = DefaultValueType.Boolean,
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.webSearch"),
            tooltip =
                "Ark's web search tool for Seedance 2.0: the model may look up what the prompt"
                    + " names (a product, a place) before it draws.")
        Boolean webSearch,
    @TemplateProperty(
            id = "outputFormat",
            group = "options",
            label = "File format",
            type = PropertyType.Dropdown,
            defaultValue = "",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.outputFormat"),
            choices = {
              @DropdownPropertyChoice(value = "", label = "The model's own (MP4)"),
              @DropdownPropertyChoice(value = "mp4", label = "MP4"),
              @DropdownPropertyChoice(value = "mov", label = "MOV (QuickTime, Seedance 2.5)")
            },
            tooltip =
                "Seedance 2.5 makes MP4 or MOV; a MOV is kept as video/quicktime. Other models make"
                    + " MP4 and take no choice.")
        String outputFormat,
    @TemplateProperty(
            id = "referenceTaskType",
            group = "options",
            label = "What the reference videos are for",
            type = PropertyType.Dropdown,
            defaultValue = "",
            condition =
                @PropertyCondition(
                    property = "providerType",
                    oneOf = ShownFor.TAKING + "video.referenceTaskType"),
            choices = {
              @DropdownPropertyChoice(
                  value = "",
                  label = "Let the mode decide (edit, extend) or the model (auto)"),
              @DropdownPropertyChoice(value = "auto", label = "The model decides from the prompt"),
              @DropdownPropertyChoice(value = "reference", label = "A reference for a new video"),
              @DropdownPropertyChoice(
                  value = "edit",
                  label = "Edit the video (keeps its length and shape)"),
              @DropdownPropertyChoice(value = "extend", label = "Extend the video")
            },
            tooltip =
                "Seedance 2.5's omni_reference_task_type. An edit keeps its source's length and"
                    + " shape: it is sent as duration -1 and ratio adaptive, whatever those fields"
                    + " show.")
        String referenceTaskType) {

  /**
   * The provider-neutral request, its event address (if any) not yet signed: what pricing and
   * validation read. Each "other" field (model, resolution, aspect ratio) wins over its list, so an
   * expression can choose what a list cannot hold.
   *
   * @throws IllegalArgumentException for a mode that does not exist, with a message that lists the
   *     modes
   */
  public VideoRequest toRequest() {
    return VideoRequest.builder(either(otherModel, model))
        .prompt(prompt)
        .mode(Mode.fromWireName(mode))
        .firstFrame(firstFrame)
        .lastFrame(lastFrame)
        .referenceImages(referenceImages)
        .referenceVideos(referenceVideos)
        .referenceAudios(referenceAudios)
        .sourceVideo(sourceVideo)
        .draftTaskId(draftTaskId)
        .duration(duration)
        .resolution(either(otherResolution, resolution))
        .aspectRatio(either(otherAspectRatio, aspectRatio))
        .seed(seed)
        .watermark(watermark)
        .generateAudio(generateAudio)
        .cameraFixed(cameraFixed)
        .returnLastFrame(returnLastFrame)
        .draft(draft)
        .frames(frames)
        .serviceTier(serviceTier)
        .executionExpiresAfter(executionExpiresAfter)
        .callbackUrl(callbackAddress())
        .priority(priority)
        .safetyIdentifier(safetyIdentifier)
        .webSearch(webSearch)
        .outputFormat(outputFormat)
        .referenceTaskType(referenceTaskType)
        .build();
  }

  /**
   * The request a create sends: {@link #toRequest()}, with the address of a "video finished" event
   * signed for the element instance that creates it ({@link EventTokens}), so the event can tell
   * its callbacks from made-up ones.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT as {@link #toRequest()}, or when the signing
   *     secret is not set
   */
  public VideoRequest toRequest(EventTokens events, LongSupplier elementInstanceKey) {
    VideoRequest request = toRequest();
    return callbackEvent == null || callbackEvent.isBlank()
        ? request
        : request.withCallbackUrl(
            events.sign(
                request.callbackUrl(), callbackEvent.trim(), elementInstanceKey.getAsLong()));
  }

  /**
   * The callback URL the designer gave, or the address of the "video finished" event they named:
   * the runtime's public URL (a secret: the SDK does not know its own address) and {@code
   * /inbound/<webhook id>}.
   *
   * @throws SeedanceException SEEDANCE_INVALID_INPUT for both at once, a webhook ID that cannot be
   *     one, or no public URL
   */
  private String callbackAddress() {
    if (callbackEvent == null || callbackEvent.isBlank()) return callbackUrl;
    List<Problem> problems = new ArrayList<>();
    if (callbackUrl != null && !callbackUrl.isBlank()) {
      problems.add(
          new Problem(
              "video.callbackEvent",
              "set either a callback URL (video.callbackUrl) or a 'video finished' event, not"
                  + " both"));
    }
    if (!callbackEvent.trim().matches(UrlPatterns.WEBHOOK_ID)) {
      problems.add(
          new Problem(
              "video.callbackEvent",
              "must be a webhook ID of letters, digits, - and _ (at most 100), got '"
                  + Text.shown(callbackEvent)
                  + "'"));
    }
    if (publicUrl == null || publicUrl.isBlank() || publicUrl.contains("{{")) {
      problems.add(
          new Problem(
              "video.publicUrl",
              "the connectors runtime's public URL is needed with a 'video finished' event: enter"
                  + " {{secrets.SEEDFLOW_PUBLIC_URL}} and create that secret with the https://"
                  + " address the provider reaches the runtime at, got '"
                  + Text.shown(publicUrl)
                  + "'"));
    }
    if (!problems.isEmpty()) throw SeedanceException.invalidInput(problems);
    return publicUrl.trim().replaceAll("/+$", "") + "/inbound/" + callbackEvent.trim();
  }

  private static String either(String other, String listed) {
    return other != null && !other.isBlank() ? other : listed;
  }
}
