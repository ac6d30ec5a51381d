package io.castwire.common.backbone;

import io.castwire.common.CastwireProperties;
import io.castwire.processing.ProcessingRoutes;
import io.castwire.publishing.rss.RssRoutes;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.stereotype.Component;

/**
 * The YAML routes' view of the {@link Backbone}: its producer endpoints as the read-only properties
 * {@code castwire.backbone.endpoints.episodes} and {@code castwire.backbone.endpoints.publications}
 * (used as {@code {{...}}} placeholders), so a YAML route, like a Java one, never names SEDA or Kafka.
 * Registered while the beans are created, before Camel loads the YAML routes.
 */
@Component
public class BackboneEndpoints {

    public static final String EPISODES = "castwire.backbone.endpoints.episodes";
    public static final String PUBLICATIONS = "castwire.backbone.endpoints.publications";

    public BackboneEndpoints(Backbone backbone, CastwireProperties properties, ConfigurableEnvironment environment) {
        environment.getPropertySources().addFirst(new MapPropertySource("castwire-backbone-endpoints", Map.of(
                EPISODES, backbone.producer(Handoff.EPISODES, ProcessingRoutes.queueOptions(properties)),
                PUBLICATIONS, backbone.producer(Handoff.PUBLICATIONS, RssRoutes.QUEUE_OPTIONS))));
    }
}
