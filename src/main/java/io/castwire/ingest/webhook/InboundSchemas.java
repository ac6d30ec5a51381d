package io.castwire.ingest.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.InputFormat;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The JSON Schema (draft 2020-12) of every inbound event type, from {@code webhooks/<type>.schema.json}
 * on the class path: the same files docs/webhooks.md points integrators to.
 */
@Component
public class InboundSchemas {

    public static final List<String> TYPES = List.of("media.created", "episode.create", "render.ready", "transcript.ready");

    /** One violation: where in the payload (a JSON pointer, "" for the whole document) and what is wrong. */
    public record Violation(String pointer, String message) {
    }

    private final Map<String, JsonSchema> schemas = new LinkedHashMap<>();

    public InboundSchemas() {
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().pathType(PathType.JSON_POINTER)
                .formatAssertionsEnabled(true).build();
        for (String type : TYPES) {
            try (InputStream in = InboundSchemas.class.getResourceAsStream("/webhooks/" + type + ".schema.json")) {
                if (in == null) {
                    throw new IllegalStateException("schema of " + type + " missing from the class path");
                }
                schemas.put(type, factory.getSchema(in, InputFormat.JSON, config));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Whether castwire knows this event type. */
    public boolean knows(String type) {
        return schemas.containsKey(type);
    }

    /** Every violation of the type's schema, ordered by pointer; empty when the payload is valid. */
    public List<Violation> validate(String type, JsonNode payload) {
        JsonSchema schema = schemas.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("unknown event type");
        }
        Set<ValidationMessage> messages = schema.validate(payload);
        List<Violation> out = new ArrayList<>();
        for (ValidationMessage m : messages) {
            String pointer = m.getInstanceLocation() == null ? "" : m.getInstanceLocation().toString();
            if ("required".equals(m.getType()) && m.getProperty() != null) {
                pointer = pointer + "/" + m.getProperty();
            }
            out.add(new Violation(pointer, m.getMessage()));
        }
        out.sort(Comparator.comparing(Violation::pointer).thenComparing(Violation::message));
        return out;
    }
}
