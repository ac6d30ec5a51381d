package io.castwire.operations.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class RouteMeterTagsTest {

    @Test
    void publishRoutesNameTheirDestinationAndEveryOtherRouteNone() {
        assertThat(RouteMeterTags.destinationOf("publish-youtube-upload")).isEqualTo("youtube");
        assertThat(RouteMeterTags.destinationOf("publish-x-send")).isEqualTo("x");
        assertThat(RouteMeterTags.destinationOf("publish-rss-outbox-poll")).isEqualTo("rss");
        assertThat(RouteMeterTags.destinationOf("publish-webhooks-deliver")).isEqualTo("webhook");
        assertThat(RouteMeterTags.destinationOf("processing-episode-run")).isEqualTo("none");
        assertThat(RouteMeterTags.destinationOf("publish-")).isEqualTo("none");
        assertThat(RouteMeterTags.destinationOf(null)).isEqualTo("none");
    }

    @Test
    void onlyCamelMetersWithARouteGetTheTag() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new RouteMeterTags());
        Counter send = registry.counter("camel.exchanges.total", "routeId", "publish-linkedin-send");
        Counter run = registry.counter("camel.exchanges.total", "routeId", "processing-episode-run");
        Counter own = registry.counter("castwire.dead.letters", "destination", "x");
        Counter other = registry.counter("castwire.processing.episodes", "routeId", "publish-x-send");
        Counter routes = registry.counter("camel.routes.added.routes", "kind", "CamelRoute");
        Counter noRoute = registry.counter("camel.exchange.event.notifier", "endpointName", "direct://x");
        assertThat(send.getId().getTag("destination")).isEqualTo("linkedin");
        assertThat(run.getId().getTag("destination")).isEqualTo("none");
        assertThat(own.getId().getTag("destination")).isEqualTo("x");
        assertThat(other.getId().getTag("destination")).isNull();
        assertThat(routes.getId().getTag("destination")).isNull();
        assertThat(noRoute.getId().getTag("destination")).isEqualTo("none");
    }
}
