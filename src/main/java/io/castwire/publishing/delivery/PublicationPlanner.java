package io.castwire.publishing.delivery;

import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeRepository;
import io.castwire.publishing.rss.ShowSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The fan-out: when an episode is in the podcast feed, queues one ledger row per destination that
 * applies (enabled, the show in its {@code shows}, allowed by show.json's and the sidecar's
 * {@code destinations}) for the episode and for its best clips. Runs inside the transaction that
 * marks the episode PUBLISHED, so the plan and the state change land together.
 */
@Component
public class PublicationPlanner {

    private static final Logger LOG = LoggerFactory.getLogger(PublicationPlanner.class);

    private final Destinations destinations;
    private final PublicationOutbox outbox;
    private final PublishItems items;
    private final ShowSettings shows;
    private final EpisodeRepository episodes;

    public PublicationPlanner(Destinations destinations, PublicationOutbox outbox, PublishItems items, ShowSettings shows,
                              EpisodeRepository episodes) {
        this.destinations = destinations;
        this.outbox = outbox;
        this.items = items;
        this.shows = shows;
        this.episodes = episodes;
    }

    /**
     * Queues the episode (and its top clips) for every destination that applies.
     *
     * @return the destination names queued
     */
    public List<String> plan(Episode e) throws IOException {
        List<String> episodeList = episodeList(e);
        List<String> planned = new ArrayList<>();
        for (Destination d : applying(e)) {
            outbox.enqueue(e.id(), 0, d.name());
            for (ClipRepository.Clip c : items.topClips(e.id(), d.name(), d.settings().getClips())) {
                outbox.enqueue(e.id(), c.id(), d.name());
            }
            planned.add(d.name());
        }
        if (episodeList != null) {
            for (String wanted : episodeList) {
                if (!wanted.equals("rss") && destinations.byName(wanted).filter(d -> d.settings().isEnabled()).isEmpty()) {
                    // say so where the producer looks, rather than dropping the wish silently
                    episodes.addEvent(e.id(), "destination-unavailable", "the sidecar asks for '" + wanted
                            + "', which is not a configured and enabled destination");
                }
            }
        }
        if (!planned.isEmpty()) {
            LOG.info("Episode {} queued for {}", e.id(), planned);
        }
        return planned;
    }

    /**
     * The destinations the episode would fan out to now (the podcast feed not counted), without
     * queueing anything: what the tier's max-destinations is checked against.
     */
    public List<String> destinationsFor(Episode e) throws IOException {
        return applying(e).stream().map(Destination::name).toList();
    }

    private List<Destination> applying(Episode e) throws IOException {
        List<String> showList = shows.destinations(e.showSlug());
        List<String> episodeList = episodeList(e);
        return destinations.all().stream().filter(d -> d.settings().appliesTo(e.showSlug())
                && (showList == null || showList.contains(d.name()))
                && (episodeList == null || episodeList.contains(d.name()))).toList();
    }

    private static List<String> episodeList(Episode e) {
        return e.destinations() == null ? null : Arrays.stream(e.destinations().split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }
}
