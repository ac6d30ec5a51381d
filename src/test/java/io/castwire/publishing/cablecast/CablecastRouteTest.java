package io.castwire.publishing.cablecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.DestinationContract;
import io.castwire.publishing.delivery.DestinationPublisher;
import io.castwire.publishing.delivery.Destinations;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.PublishItems;
import io.castwire.support.TestMedia;
import io.castwire.support.fakes.FakeCablecast;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Cablecast through the hub's routes against the Cablecast fake: the shared destination contract,
 * plus what is Cablecast's own: one show and one VOD with the source's bytes, an attempt that dies
 * mid-upload resumed where it stopped, an upload the server lost started again, chapters.
 */
class CablecastRouteTest extends DestinationContract {

    private final FakeCablecast fake = FakeCablecast.startShared();

    @Autowired
    private CablecastPublications store;
    @Autowired
    private CablecastDestination destination;
    @Autowired
    private PublishItems items;

    @BeforeEach
    void remoteSide() {
        fake.expectToken(FakeCablecast.TOKEN);
    }

    @Override
    protected String name() {
        return "cablecast";
    }

    @Override
    protected long postsMentioning(String fragment) {
        return showsMentioning(fragment).size();
    }

    @Override
    protected String remoteIdMentioning(String fragment) {
        return showsMentioning(fragment).get(0).get("id").asText();
    }

    private List<ObjectNode> showsMentioning(String fragment) {
        return fake.showsWhere(s -> s.path("comments").asText("").contains(fragment));
    }

    @Override
    protected int remoteCalls() {
        return fake.calls();
    }

    @Override
    protected void unavailableNext(int n) {
        fake.failNext(n, 503, Map.of("Content-Type", "application/json"), "{\"message\":\"Service Unavailable\"}");
    }

    @Override
    protected void refuseNext() {
        fake.failNext(1, 403, Map.of("Content-Type", "application/json"),
                "{\"message\":\"Authorization has been denied for this request.\"}");
    }

    @Override
    protected void rateLimitNext() {
        fake.rateLimitNext(1, 1);
    }

    /** Drops a fresh episode into a show of its own; returns the slug and the bytes dropped. */
    private Dropped drop(String prefix, double seconds) throws Exception {
        Path media = TestMedia.mp3(seconds);
        Path show = showInbox(name() + "-" + prefix);
        String slug = show.getFileName().toString();
        byte[] bytes = Files.readAllBytes(media);
        destinations.get(name()).settings().getShows().add(slug);
        Files.copy(media, show.resolve("ep.mp3"));
        return new Dropped(slug, bytes);
    }

    private record Dropped(String slug, byte[] bytes) {
    }

    private long showOf(String slug) {
        List<ObjectNode> shows = showsMentioning(fragment(slug));
        assertThat(shows).as("shows of " + slug).hasSize(1);
        return shows.get(0).get("id").asLong();
    }

    @Test
    void anAttemptThatDiesMidUploadIsResumedAndLeavesOneVod() throws Exception {
        Dropped d = drop("resume", 40);
        String send = Destinations.sendRoute(destinations.get(name()));
        camel.getRouteController().stopRoute(send);
        long row;
        try {
            long episode = awaitEpisodes(d.slug(), 1, "PUBLISHED").get(0).get("id").asLong();
            row = jdbc.queryForObject("SELECT id FROM publications WHERE episode_id = :e AND destination = :d",
                    Map.of("e", episode, "d", name()), Long.class);
            DestinationPublisher.Attempt attempt = publisher.prepare(name(), row,
                    new org.apache.camel.support.DefaultExchange(camel));
            // the fourth segment never arrives: the process "dies" there
            fake.failSegmentsAfter(3, 1, 503);
            assertThatThrownBy(() -> publisher.call(name(), attempt)).isInstanceOf(DeliveryException.class);
            CablecastPublications.Row half = store.find(row).orElseThrow();
            assertThat(half.uploadId()).isNotNull();
            assertThat(half.segmentsDone()).isEqualTo(3);
            assertThat(half.uploadDone()).isFalse();
            assertThat(outbox.expireLeasesOfThisInstance()).isPositive();
        } finally {
            camel.getRouteController().startRoute(send);
        }
        awaitPublication(d.slug(), "PUBLISHED");
        long show = showOf(d.slug());
        List<FakeCablecast.Vod> vods = fake.vodsOfShow(show);
        assertThat(vods).hasSize(1);
        assertThat(fake.vodBytes(vods.get(0).id)).isEqualTo(d.bytes());
        FakeCablecast.Upload upload = fake.upload(vods.get(0).fileUpload()).orElseThrow();
        assertThat(upload.id).isEqualTo(store.find(row).orElseThrow().uploadId());
        // resumed at the fourth segment: nothing before it was sent twice
        assertThat(upload.segmentOffsets).startsWith(0L, 65536L, 131072L, 196608L);
        assertThat(new HashSet<>(upload.segmentOffsets)).hasSameSizeAs(upload.segmentOffsets);
    }

    @Test
    void anEpisodeBecomesOneShowAndOneVodWithItsBytesAndChaptersAndARepeatChangesNothing() throws Exception {
        Dropped d = drop("bytes", 40);
        JsonNode p = awaitPublication(d.slug(), "PUBLISHED");
        long show = showOf(d.slug());
        assertThat(p.get("remoteId").asText()).isEqualTo(Long.toString(show));
        List<FakeCablecast.Vod> vods = fake.vodsOfShow(show);
        assertThat(vods).hasSize(1);
        assertThat(fake.vodBytes(vods.get(0).id)).isEqualTo(d.bytes());
        FakeCablecast.Upload upload = fake.upload(vods.get(0).fileUpload()).orElseThrow();
        assertThat(upload.segmentOffsets).as("segments of 64 KB").hasSize((d.bytes().length + 65535) / 65536);
        ObjectNode remote = fake.show(show).orElseThrow();
        assertThat(remote.get("title").asText()).isEqualTo("ep");
        assertThat(remote.get("comments").asText()).contains("castwire-key: castwire:" + d.slug() + ":ep")
                .contains("Media: ");
        CablecastPublications.Row row = store.find(p.get("id").asLong()).orElseThrow();
        assertThat(row.vodId()).isEqualTo(vods.get(0).id);
        assertThat(row.segmentsDone()).isEqualTo(upload.segmentOffsets.size());
        assertThat(row.uploadDone()).isTrue();

        // the episode's chapters (as the chapters step writes them) go to the VOD
        long episode = episodesOf(d.slug()).get(0).get("id").asLong();
        Path file = io.castwire.processing.chapters.ChaptersStep.chaptersFile(paths,
                episodeRepository.findById(episode).orElseThrow());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"version\":\"1.2.0\",\"chapters\":[{\"startTime\":0,\"title\":\"Opening\"},"
                + "{\"startTime\":12.5,\"title\":\"The budget\"}]}");
        PublishItem item = items.build(outbox.find(p.get("id").asLong()).orElseThrow(), null);
        int allVods = fake.vods().size();
        assertThat(destination.publish(item).id()).isEqualTo(Long.toString(show));
        FakeCablecast.Vod vod = fake.vodsOfShow(show).get(0);
        assertThat(vod.chapters()).extracting(c -> c.get("title").asText() + "@" + c.get("offset").asDouble())
                .containsExactly("Opening@0.0", "The budget@12.5");
        int chapterPosts = fake.requests("POST", ".*/chapters").size();
        int uploads = fake.requests("POST", ".*/fileuploads").size();
        destination.publish(item);
        assertThat(fake.requests("POST", ".*/chapters")).hasSize(chapterPosts);

        // a process that died after creating the show and the VOD but before recording them
        jdbc.update("UPDATE cablecast_publications SET show_id = NULL, vod_id = NULL, vod_upload_id = NULL, "
                + "completed_at = NULL WHERE publication_id = :p", Map.of("p", p.get("id").asLong()));
        assertThat(destination.findExisting(item)).isEmpty();
        assertThat(destination.publish(item).id()).isEqualTo(Long.toString(show));
        assertThat(store.find(p.get("id").asLong()).orElseThrow().vodId()).isEqualTo(vod.id);
        assertThat(fake.vods()).hasSize(allVods);
        assertThat(fake.requests("POST", ".*/fileuploads")).hasSize(uploads);
        assertThat(showsMentioning(fragment(d.slug()))).hasSize(1);
        assertThat(destination.findExisting(item)).isPresent();
    }

    @Test
    void aNewVersionUpdatesTheShowAndItsOneVodPlaysTheNewFile() throws Exception {
        Dropped d = drop("version", 30);
        JsonNode first = awaitPublication(d.slug(), "PUBLISHED");
        long show = showOf(d.slug());
        long vod = fake.vodsOfShow(show).get(0).id;
        Path media = TestMedia.mp3(31);
        byte[] bytes = Files.readAllBytes(media);
        Path inbox = paths.inbox().resolve(d.slug());
        Files.copy(media, inbox.resolve("ep.mp3"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(200)).until(() -> {
                    JsonNode p = publication(d.slug());
                    return p != null && p.get("id").asLong() != first.get("id").asLong()
                            && p.get("state").asText().equals("PUBLISHED");
                });
        JsonNode second = publication(d.slug());
        assertThat(second.get("remoteId").asText()).isEqualTo(Long.toString(show));
        assertThat(showsMentioning(fragment(d.slug()))).hasSize(1);
        // the show's metadata now describes the new version (its media link)
        PublishItem item = items.build(outbox.find(second.get("id").asLong()).orElseThrow(), null);
        assertThat(fake.requests("PUT", "/cablecastapi/v1/shows/" + show)).isNotEmpty();
        assertThat(fake.show(show).orElseThrow().get("comments").asText()).contains("Media: " + item.url());
        assertThat(fake.vodsOfShow(show)).singleElement().satisfies(v -> assertThat(v.id).isEqualTo(vod));
        assertThat(fake.vodBytes(vod)).isEqualTo(bytes);
        assertThat(fake.requests("PUT", "/cablecastapi/v1/vods/" + vod)).hasSize(1);
    }

    @Test
    void anUploadTheServerLostIsStartedAgainAndSccCaptionsGoWithTheVod() throws Exception {
        CablecastProperties props = (CablecastProperties) destinations.get(name()).settings();
        props.setSccCaptions(true);
        fake.loseUploadAfter(2);
        try {
            Path show = showInbox(name() + "-scc");
            String slug = show.getFileName().toString();
            destinations.get(name()).settings().getShows().add(slug);
            Path media = TestMedia.mp3(25);
            byte[] bytes = Files.readAllBytes(media);
            Files.writeString(show.resolve("ep.srt"), TestMedia.srt(12));
            Files.copy(media, show.resolve("ep.mp3"));
            JsonNode p = awaitPublication(slug, "PUBLISHED");
            // the server lost the first upload after two segments: the one the VOD plays started again from byte 0
            List<FakeCablecast.Vod> vods = fake.vodsOfShow(showOf(slug));
            assertThat(vods).hasSize(1);
            assertThat(fake.vodBytes(vods.get(0).id)).isEqualTo(bytes);
            FakeCablecast.Upload upload = fake.upload(vods.get(0).fileUpload()).orElseThrow();
            assertThat(upload.segmentOffsets.get(0)).isZero();
            assertThat(fake.uploads()).filteredOn(u -> u.id < upload.id && u.fileName.equals(upload.fileName)
                    && u.size == upload.size).as("the lost upload is gone at the server").isEmpty();
            assertThat(fake.requests("POST", "/cablecastapi/v1/fileuploads/" + upload.id + "/complete")).hasSize(1);
            assertThat(store.find(p.get("id").asLong()).orElseThrow().uploadId()).isEqualTo(upload.id);

            PublishItem item = items.build(outbox.find(p.get("id").asLong()).orElseThrow(), null);
            Path scc = item.captions().stream().filter(c -> c.format().equals("SCC")).findFirst().orElseThrow().file();
            FakeCablecast.Vod vod = vods.get(0);
            assertThat(vod.captionUpload()).isNotNull();
            assertThat(fake.upload(vod.captionUpload()).orElseThrow().bytes()).isEqualTo(Files.readAllBytes(scc));
            assertThat(store.find(p.get("id").asLong()).orElseThrow().captionUploadId()).isEqualTo(vod.captionUpload());
        } finally {
            props.setSccCaptions(false);
        }
    }

    @Autowired
    private io.castwire.episode.EpisodeRepository episodeRepository;
}
