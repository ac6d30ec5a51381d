package io.castwire.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class InboundHeaderFilterTest {

    private final InboundHeaderFilter filter = new InboundHeaderFilter();

    @ParameterizedTest
    @ValueSource(strings = {
            "CamelHttpUri", Exchange.HTTP_URI, "camelExecCommandArgs", "cAmElBeanMethodName", "CAMELFILENAME",
            Exchange.FILE_NAME, "org.apache.camel.foo", "ORG.APACHE.CAMEL.Foo", "kafka.OVERRIDE_TOPIC", "Kafka.key",
            "KAFKA.PARTITION_KEY"})
    void stripsHeadersThatSteerCamelInAnyCase(String name) {
        assertThat(filter.isAllowed(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Type", "X-Request-Id", "webhook-id", "camera", "came", "kafkaKey", "my.kafka.key"})
    void keepsOrdinaryHeaders(String name) {
        assertThat(filter.isAllowed(name)).isTrue();
    }

    @Test
    void stripsCamelotBecauseTheRuleIsThePrefixCamelWhateverFollows() {
        assertThat(filter.isAllowed("camelot")).isFalse();
        assertThat(filter.isAllowed("Camel-Case-Header")).isFalse();
    }

    @Test
    void refusesNullAndEmptyNames() {
        assertThat(filter.isAllowed(null)).isFalse();
        assertThat(filter.isAllowed("")).isFalse();
    }

    @Test
    void stripRemovesOnlyTheForbiddenHeaders() {
        Map<String, Object> headers = new HashMap<>(Map.of(
                "CamelHttpUri", "http://internal/admin",
                "camelExecCommandArgs", "rm -rf /",
                "cAmElBeanMethodName", "delete",
                "CAMELFILENAME", "../../etc/passwd",
                "org.apache.camel.foo", "x",
                "kafka.OVERRIDE_TOPIC", "other",
                "Content-Type", "application/json",
                "X-Request-Id", "r-1",
                "webhook-id", "msg_1",
                "camera", "front"));

        filter.strip(headers);

        assertThat(headers).containsOnlyKeys("Content-Type", "X-Request-Id", "webhook-id", "camera");
        assertThat(headers).containsEntry("Content-Type", "application/json");
    }

    @Test
    void strategyFiltersTheSameExternalHeaders() {
        HeaderFilterStrategy strategy = filter.asStrategy();

        for (String name : new String[] {"CamelHttpUri", "camelExecCommandArgs", "cAmElBeanMethodName", "CAMELFILENAME",
                "org.apache.camel.foo", "kafka.OVERRIDE_TOPIC", "Kafka.key", "camelot"}) {
            assertThat(strategy.applyFilterToExternalHeaders(name, "v", null)).as(name).isTrue();
        }
        for (String name : new String[] {"Content-Type", "X-Request-Id", "webhook-id", "camera"}) {
            assertThat(strategy.applyFilterToExternalHeaders(name, "v", null)).as(name).isFalse();
        }
    }

    @Test
    void strategyKeepsCamelHeadersFromLeavingButLetsOrdinaryOnesOut() {
        HeaderFilterStrategy strategy = filter.asStrategy();

        assertThat(strategy.applyFilterToCamelHeaders("CamelFileName", "x", null)).isTrue();
        assertThat(strategy.applyFilterToCamelHeaders("Content-Type", "x", null)).isFalse();
    }
}
