package io.castwire.common.backbone;

/**
 * One hand-off between stages: the route that consumes it and the Kafka topic that carries it
 * when scaled out. Names are constants, never taken from message data.
 *
 * @param routeId the consuming route's id (also the SEDA queue's name and the consumer group's suffix)
 * @param topic   the Kafka topic
 */
public record Handoff(String routeId, String topic) {

    public static final String DEAD_LETTER_TOPIC = "castwire.dead-letters";

    /** Episode ids to process ({@code processing-episode-run}). */
    public static final Handoff EPISODES = new Handoff("processing-episode-run", "castwire.episodes");
    /** Processed episode ids for the podcast feed ({@code publish-rss-feed}). */
    public static final Handoff PUBLICATIONS = new Handoff("publish-rss-feed", "castwire.publications");
    /** Outbound webhook delivery ids ({@code publish-webhooks-deliver}). */
    public static final Handoff WEBHOOKS = new Handoff("publish-webhooks-deliver", "castwire.publish.webhooks");

    /** The publication ids of one destination ({@code publish-<name>-send} on {@code castwire.publish.<name>}). */
    public static Handoff destination(String name, String sendRouteId) {
        if (!name.matches("[a-z0-9][a-z0-9-]{0,48}")) {
            throw new IllegalArgumentException("not a destination name: " + name);
        }
        return new Handoff(sendRouteId, "castwire.publish." + name);
    }
}
