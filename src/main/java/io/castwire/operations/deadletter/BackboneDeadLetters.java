package io.castwire.operations.deadletter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.ConflictException;
import io.castwire.common.backbone.Backbone;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

/**
 * Kafka records the backbone gave up on (a poison record, see {@link Backbone#receive()}) are on
 * {@code castwire.dead-letters}, and also here: in the dead-letter list as destination
 * {@code backbone}, with the topic, partition, offset, key and value as the payload, so that
 * {@code GET /api/dead-letters} shows them. A replay puts the value back on the topic it came from.
 */
@Component
public class BackboneDeadLetters implements Replayer {

    public static final String DESTINATION = "backbone";

    private final Backbone backbone;
    private final DeadLetters deadLetters;
    private final ObjectMapper json;
    private final CamelContext camel;

    public BackboneDeadLetters(Backbone backbone, DeadLetters deadLetters, ObjectMapper json, CamelContext camel) {
        this.backbone = backbone;
        this.deadLetters = deadLetters;
        this.json = json;
        this.camel = camel;
        backbone.onDeadLetter(this::record);
    }

    /** Adds a record the backbone gave up on to the dead-letter list. */
    public void record(Backbone.DeadRecord r) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("topic", r.topic());
        payload.put("partition", r.partition());
        payload.put("offset", r.offset());
        payload.put("key", r.key());
        payload.put("value", r.value());
        try {
            deadLetters.recordMessage(r.routeId(), DESTINATION, json.writeValueAsString(payload), r.cause(), r.attempts());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean handles(String destination) {
        return DESTINATION.equals(destination);
    }

    @Override
    public String replay(DeadLetter letter) {
        JsonNode p;
        try {
            p = json.readTree(letter.payload());
        } catch (JsonProcessingException e) {
            throw new ConflictException("dead letter " + letter.id() + " has no readable record");
        }
        String topic = p.path("topic").asText(null);
        String endpoint;
        try {
            endpoint = backbone.republishEndpoint(topic);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new ConflictException("dead letter " + letter.id() + " cannot be sent again: " + e.getMessage());
        }
        ProducerTemplate template = camel.createProducerTemplate();
        try {
            String key = p.path("key").isNull() ? null : p.path("key").asText(null);
            template.sendBodyAndHeader(endpoint, p.path("value").asText(""), KafkaConstants.KEY, key);
        } finally {
            try {
                template.stop();
            } catch (Exception ignored) {
                // a template that will not stop holds nothing of ours
            }
        }
        return "record " + p.path("partition").asText() + "@" + p.path("offset").asText() + " sent again to " + topic;
    }
}
