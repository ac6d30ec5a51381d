package io.castwire.ingest.rssimport;

import io.castwire.common.HubRouteConfigurations;
import io.castwire.common.InboundHeaderFilter;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One poller per enabled feed: {@code ingest-rssimport-<name>-poll}, a timer every {@code
 * poll-interval} that hands the feed to {@link RssImporter#poll}. The feed document is fetched by
 * {@link FeedFetcher} (bounded in time and size), not by camel-rss, whose URL reader has neither
 * bound. No route when no feed is configured; a feed with {@code enabled: false} has none either.
 */
@Component
public class RssImportRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(RssImportRoutes.class);

    private final RssImportProperties properties;
    private final InboundHeaderFilter headers;

    public RssImportRoutes(RssImportProperties properties, InboundHeaderFilter headers) {
        this.properties = properties;
        this.headers = headers;
    }

    public static String routeId(String feed) {
        return "ingest-rssimport-" + feed + "-poll";
    }

    @Override
    public void configure() {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RssImportProperties.Feed feed : properties.getFeeds()) {
            if (!seen.add(feed.getName())) {
                throw new IllegalArgumentException("castwire.rss-import.feeds: two feeds are named '" + feed.getName() + "'");
            }
            feed.sinceInstant(); // a bad 'since' stops the start with a message that names the feed
            if (!feed.isEnabled()) {
                LOG.info("RSS import feed {} is disabled (castwire.rss-import.feeds[].enabled=false): no poller", feed.getName());
                continue;
            }
            String id = routeId(feed.getName());
            // a timer of its own per feed: a poll runs on it, so polls of one feed never overlap
            long first = Math.min(properties.getInitialDelay().toMillis(), feed.getPollInterval().toMillis());
            from("timer:" + id + "?delay=" + first
                    + "&period=" + feed.getPollInterval().toMillis())
                    .routeId(id)
                    .routeConfigurationId(HubRouteConfigurations.SCHEDULED)
                    .autoStartup("{{castwire.routes." + id + ".auto-startup:true}}")
                    // nothing from outside travels as a header here (the feed is read by the bean), but
                    // every ingress strips them all the same
                    .process(headers)
                    .bean(RssImporter.class, "poll('" + feed.getName() + "')");
        }
    }
}
