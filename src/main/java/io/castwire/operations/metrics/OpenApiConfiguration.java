package io.castwire.operations.metrics;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.RequestBody;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document of the REST API at {@code /v3/api-docs} (springdoc, from the controllers;
 * {@code springdoc.paths-to-match} keeps it to {@code /api/**} and {@code /webhooks/**}). Inbound
 * webhooks are a Camel platform-http route, not a controller, so {@link #inboundWebhooks()} adds
 * {@code POST /webhooks/{source}} by hand from docs/webhooks.md.
 */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {

    static final String BASIC = "admin";
    static final String WEBHOOK_PATH = "/webhooks/{source}";

    @Bean
    public OpenAPI castwireOpenApi() {
        return new OpenAPI()
                .info(new Info().title("castwire").version("v1").description("castwire's REST API: episodes, dead "
                        + "letters, queues, storage, destinations, scheduled jobs and imports. Every path under /api "
                        + "needs the admin login (HTTP Basic); POST /webhooks/{source} is signed (Standard Webhooks) "
                        + "instead. Errors are RFC 7807 problem JSON."))
                .components(new Components().addSecuritySchemes(BASIC,
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("basic")))
                .addSecurityItem(new SecurityRequirement().addList(BASIC));
    }

    /** {@code POST /webhooks/{source}}: the answers of docs/webhooks.md#answers, no login (a signature instead). */
    @Bean
    public OpenApiCustomizer inboundWebhooks() {
        return api -> {
            ApiResponses answers = new ApiResponses()
                    .addApiResponse("202", json("stored; follow statusUrl (admin) to see it done",
                            new ObjectSchema().addProperty("id", new Schema<Long>().type("integer").format("int64"))
                                    .addProperty("status", new StringSchema()).addProperty("statusUrl", new StringSchema()),
                            "application/json"));
            Map.of("400", "not JSON, or webhook-id longer than 255 characters",
                    "401", "signature missing, stale or not matching",
                    "404", "no source of that name",
                    "409", "this webhook-id was received before",
                    "413", "body above castwire.inbound.max-body-size",
                    "415", "Content-Type is not application/json",
                    "422", "unknown or not allowed type, or schema violations",
                    "503", "not receiving now or the database is away; retry with Retry-After")
                    .forEach((status, why) -> answers.addApiResponse(status, json(why, new ObjectSchema(),
                            "application/problem+json")));
            Operation receive = new Operation().operationId("receiveWebhook").addTagsItem("inbound-webhooks")
                    .summary("Receive a signed event (media.created, transcript.ready, render.ready, episode.create)")
                    .security(List.of())
                    .addParametersItem(new PathParameter().name("source").required(true).schema(new StringSchema())
                            .description("a configured source (castwire.inbound.sources[].name)"))
                    .addParametersItem(header("webhook-id")).addParametersItem(header("webhook-timestamp"))
                    .addParametersItem(header("webhook-signature"))
                    .requestBody(new RequestBody().required(true).content(new Content().addMediaType("application/json",
                            new MediaType().schema(new ObjectSchema().addProperty("type", new StringSchema())
                                    .addProperty("data", new ObjectSchema())))))
                    .responses(answers);
            api.path(WEBHOOK_PATH, new PathItem().post(receive));
        };
    }

    private static HeaderParameter header(String name) {
        return (HeaderParameter) new HeaderParameter().name(name).required(true).schema(new StringSchema());
    }

    private static ApiResponse json(String description, Schema<?> schema, String type) {
        return new ApiResponse().description(description).content(new Content().addMediaType(type,
                new MediaType().schema(schema)));
    }
}
