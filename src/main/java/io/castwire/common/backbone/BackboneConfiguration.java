package io.castwire.common.backbone;

import io.castwire.common.InboundHeaderFilter;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The header filter every Kafka consumer refers to (record headers never become Camel headers), and
 * the key step for YAML routes.
 */
@Configuration(proxyBeanMethods = false)
public class BackboneConfiguration {

    @Bean(Backbone.HEADER_FILTER)
    HeaderFilterStrategy castwireKafkaHeaderFilter(InboundHeaderFilter filter) {
        return filter.asStrategy();
    }

    /** {@link Backbone#keyed()} for YAML routes ({@code process: ref: backboneKeyed}). */
    @Bean("backboneKeyed")
    org.apache.camel.Processor backboneKeyed(Backbone backbone) {
        return backbone.keyed();
    }
}
