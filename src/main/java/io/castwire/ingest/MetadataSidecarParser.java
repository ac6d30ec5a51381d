package io.castwire.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.episode.EpisodeMetadata;
import io.castwire.ingest.IngestRejection.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Reads {@code <name>.meta.json}: {@code title}, {@code description}, {@code publishAt} (ISO-8601
 * with offset), {@code destinations} (names like {@code wordpress}) and {@code priority} (urgent,
 * normal or bulk). Anything else is refused so
 * that a misspelt key is noticed instead of silently ignored.
 */
@Component
public class MetadataSidecarParser {

    public static final long MAX_BYTES = 1024 * 1024;
    private static final Set<String> KEYS = Set.of("title", "description", "publishAt", "destinations", "priority");
    private static final String HINT = "fix the JSON and drop the file again; see docs/architecture.md for the fields";

    private final ObjectMapper json;

    public MetadataSidecarParser(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Parses and validates a metadata sidecar.
     *
     * @throws IngestRejection when the file is not valid metadata, saying which field is wrong
     */
    public EpisodeMetadata parse(Path file) throws IngestRejection, IOException {
        if (Files.size(file) > MAX_BYTES) {
            throw new IngestRejection(Code.MALFORMED_METADATA, "the metadata file is larger than 1 MB", HINT);
        }
        JsonNode root;
        try {
            // one JSON value and nothing after it: a sidecar pasted twice must not pass on its first half
            root = json.readerFor(JsonNode.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readValue(file.toFile());
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            if (e.getOriginalMessage() == null || !e.getOriginalMessage().startsWith("No content")) {
                throw malformed(e);
            }
            root = null;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
        if (root == null || !root.isObject()) {
            throw new IngestRejection(Code.MALFORMED_METADATA, "the metadata file must hold one JSON object", HINT);
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IngestRejection(Code.MALFORMED_METADATA, "unknown field '" + key + "' (allowed: title, "
                        + "description, publishAt, destinations, priority)", HINT);
            }
        }
        String title = text(root, "title", 500);
        String description = text(root, "description", 20_000);
        Instant publishAt = null;
        if (root.hasNonNull("publishAt")) {
            try {
                publishAt = OffsetDateTime.parse(root.get("publishAt").asText()).toInstant();
            } catch (DateTimeParseException e) {
                throw new IngestRejection(Code.MALFORMED_METADATA, "publishAt '" + root.get("publishAt").asText()
                        + "' is not an ISO-8601 date-time with offset, e.g. 2026-12-01T09:00:00Z", HINT);
            }
        }
        List<String> destinations = null;
        if (root.hasNonNull("destinations")) {
            JsonNode d = root.get("destinations");
            if (!d.isArray()) {
                throw new IngestRejection(Code.MALFORMED_METADATA, "destinations must be a list of names", HINT);
            }
            if (d.size() > 20) {
                throw new IngestRejection(Code.MALFORMED_METADATA, "destinations lists " + d.size()
                        + " names; at most 20 are allowed", HINT);
            }
            destinations = new ArrayList<>();
            for (JsonNode n : d) {
                if (!n.isTextual() || !n.asText().matches("[a-z0-9-]{1,50}")) {
                    throw new IngestRejection(Code.MALFORMED_METADATA, "destination " + n + " is not a destination name "
                            + "(lower-case letters, digits, dashes)", HINT);
                }
                destinations.add(n.asText());
            }
        }
        String priority = null;
        if (root.hasNonNull("priority")) {
            try {
                priority = io.castwire.episode.Priority.parse(root.get("priority").isTextual()
                        ? root.get("priority").asText() : root.get("priority").toString()).label();
            } catch (IllegalArgumentException e) {
                throw new IngestRejection(Code.MALFORMED_METADATA, e.getMessage(), HINT);
            }
        }
        return new EpisodeMetadata(title, description, publishAt,
                // an empty list means "publish nowhere", which differs from leaving the field out
                destinations == null ? null : List.copyOf(new java.util.LinkedHashSet<>(destinations)), priority);
    }

    private static IngestRejection malformed(JsonProcessingException e) {
        // limits (nesting depth, number length) fail without a location
        String where = e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ": ";
        return new IngestRejection(Code.MALFORMED_METADATA, "the metadata file is not valid JSON (" + where
                + e.getOriginalMessage() + ")", HINT);
    }

    private static String text(JsonNode root, String field, int max) throws IngestRejection {
        if (!root.hasNonNull(field)) {
            return null;
        }
        JsonNode n = root.get(field);
        if (!n.isTextual()) {
            throw new IngestRejection(Code.MALFORMED_METADATA, field + " must be text", HINT);
        }
        String v = n.asText().strip();
        if (v.length() > max) {
            throw new IngestRejection(Code.MALFORMED_METADATA, field + " is " + v.length() + " characters long, above "
                    + "the limit of " + max, HINT);
        }
        return v.isEmpty() ? null : v;
    }
}
