package io.castwire.operations.metrics;

import io.castwire.publishing.webhook.WebhookSender;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts a {@code destination} tag next to {@code routeId} on Camel's route meters, so each
 * destination's counters and timers can be summed across its routes: {@code publish-<destination>-*}
 * routes get their destination ({@code publish-webhooks-*}: {@code webhook}, as in dead letters),
 * every other route {@code none} (Prometheus wants the same label names on every series of a meter).
 * Spring Boot applies every {@link MeterFilter} bean to the registry before any meter is created.
 */
@org.springframework.stereotype.Component
public final class RouteMeterTags implements MeterFilter {

    static final String ROUTE = "routeId";
    static final String DESTINATION = "destination";
    static final String NONE = "none";
    private static final Pattern PUBLISH = Pattern.compile("publish-([a-z0-9]+)-.+");

    /** The destination a route works for, or {@code none}. */
    public static String destinationOf(String routeId) {
        if (routeId == null) {
            return NONE;
        }
        Matcher m = PUBLISH.matcher(routeId);
        if (!m.matches()) {
            return NONE;
        }
        return m.group(1).equals("webhooks") ? WebhookSender.DESTINATION : m.group(1);
    }

    /**
     * Tags every meter of Camel's exchange and route-policy families, with or without a route (a
     * family's series must all have the same label names), and no other meter.
     */
    @Override
    public Meter.Id map(Meter.Id id) {
        String name = id.getName();
        boolean routeFamily = name.startsWith("camel.exchange") || name.startsWith("camel.route.policy");
        if (!routeFamily || id.getTag(DESTINATION) != null) {
            return id;
        }
        return id.withTag(Tag.of(DESTINATION, destinationOf(id.getTag(ROUTE))));
    }
}
