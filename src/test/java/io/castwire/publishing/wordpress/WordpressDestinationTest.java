package io.castwire.publishing.wordpress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.PublishItem.Attachment;
import io.castwire.publishing.delivery.PublishItem.ClipLink;
import io.castwire.publishing.delivery.Remote;
import io.castwire.publishing.delivery.Secrets;
import io.castwire.support.TestMedia;
import io.castwire.support.WordpressServer;
import io.castwire.support.fakes.FaultProxy;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

/**
 * {@link WordpressDestination} against a real WordPress 6.1 ({@link WordpressServer}). The server
 * outlives test runs, so every run works under a show of its own and makes files no earlier run
 * uploaded (the media library deduplicates by content).
 */
class WordpressDestinationTest {

    private static final String PASSWORD_ENV = "CASTWIRE_TEST_WORDPRESS_APP_PASSWORD";
    private static final String RUN = String.format("%08x", new SecureRandom().nextInt());
    private static final String SHOW = "test-" + RUN;
    private static final String HUB = "https://hub.example.org/public/" + SHOW + "/";

    @TempDir
    static Path dir;

    private static WordpressServer.Credentials wp;
    private static Path cover;
    private static Path vtt;
    private static Path srt;
    private static Path scc;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void server() throws IOException {
        wp = WordpressServer.get();
        cover = png(dir.resolve("cover.png"));
        vtt = Files.writeString(dir.resolve("ep.vtt"), "WEBVTT\n\n00:00.000 --> 00:01.500\nRun " + RUN + " says hello.\n");
        srt = Files.writeString(dir.resolve("ep.srt"), "1\n00:00:00,000 --> 00:00:01,500\nRun " + RUN + " says hello.\n\n");
        scc = Files.writeString(dir.resolve("ep.scc"), "Scenarist_SCC V1.0\n\n00:00:00:00\t9420 9420 94ae 94ae 9452 9452 97a1\n");
    }

    @Test
    void createsAPostWithPlayerCaptionsClipsLinksAndCover() throws Exception {
        PublishItem item = video("full", "Night <Shift> & friends");

        Remote remote = destination(p -> { }).publish(item);

        JsonNode post = rest("/wp/v2/posts/" + remote.id() + "?context=edit");
        assertThat(post.path("status").asText()).isEqualTo("publish");
        assertThat(post.path("title").path("raw").asText()).isEqualTo("Night &lt;Shift&gt; &amp; friends");
        assertThat(post.path("title").path("rendered").asText()).doesNotContain("<Shift>");
        assertThat(post.path("slug").asText()).isEqualTo(WordpressSlugs.post(item.key())).startsWith("castwire-" + SHOW + "-full-");
        assertThat(remote.url()).isEqualTo(post.path("link").asText());
        String html = post.path("content").path("raw").asText();
        assertThat(html).contains("<video controls preload=\"metadata\" src=\"" + item.url() + "\">")
                .contains("<p>First line of the description.</p>")
                .contains("<a href=\"" + item.chaptersUrl() + "\">Chapters</a>")
                .contains("<a href=\"" + item.transcriptUrl() + "\">Transcript</a>")
                .contains("“Opening line of clip one”")
                .contains("<video controls preload=\"none\" src=\"" + HUB + "clip-1.mp4\"></video>")
                .contains("<audio controls preload=\"none\" src=\"" + HUB + "clip-2.m4a\"></audio>");
        // the captions were uploaded: the track plays WordPress's copy, the same bytes
        String track = group(html, "<track kind=\"captions\" label=\"Captions\" src=\"([^\"]+)\" default>");
        assertThat(track).startsWith(wp.url() + "/wp-content/uploads/").endsWith(".vtt");
        assertThat(download(track)).isEqualTo(Files.readAllBytes(vtt));
        String srtLink = group(html, "<a href=\"([^\"]+)\">Captions \\(SRT\\)</a>");
        assertThat(srtLink).startsWith(wp.url() + "/wp-content/uploads/").endsWith(".srt");
        assertThat(download(srtLink)).isEqualTo(Files.readAllBytes(srt));
        long featured = post.path("featured_media").asLong();
        assertThat(featured).isPositive();
        JsonNode image = rest("/wp/v2/media/" + featured + "?context=edit");
        assertThat(image.path("mime_type").asText()).isEqualTo("image/png");
        assertThat(download(image.path("source_url").asText())).isEqualTo(Files.readAllBytes(cover));
        // and a reader sees it at its link
        assertThat(new String(download(remote.url()), StandardCharsets.UTF_8))
                .contains("<video controls preload=\"metadata\" src=\"" + item.url() + "\">")
                .contains("<track kind=\"captions\" label=\"Captions\" src=\"" + track + "\" default>");
    }

    @Test
    void uploadsTheMediaWhenAskedAndPlaysItFromTheMediaLibrary() throws Exception {
        // over 3 MB: more than PHP's default upload limit of 2 MB
        Path mp3 = TestMedia.mp3(400);
        assertThat(Files.size(mp3)).isGreaterThan(3_000_000);
        PublishItem item = item("audio", "An audio episode", mp3, "audio/mpeg", HUB + "audio.mp3", List.of(), List.of());

        Remote remote = destination(p -> p.setUploadMedia(true)).publish(item);

        String html = rest("/wp/v2/posts/" + remote.id() + "?context=edit").path("content").path("raw").asText();
        String src = group(html, "<audio controls preload=\"metadata\" src=\"([^\"]+)\"></audio>");
        assertThat(src).startsWith(wp.url() + "/wp-content/uploads/").endsWith(".mp3");
        assertThat(download(src)).isEqualTo(Files.readAllBytes(mp3));
        assertThat(html).doesNotContain(HUB + "audio.mp3");
        // the server outlives the run: 3 MB per run would pile up
        JsonNode uploaded = rest("/wp/v2/media?context=edit&slug=" + WordpressSlugs.file("media", mp3));
        send(HttpRequest.newBuilder(URI.create(wp.url() + "/wp-json/wp/v2/media/" + uploaded.get(0).path("id").asLong()
                + "?force=true")).DELETE());
    }

    @Test
    void republishingWithThePreviousRemoteIdUpdatesTheSamePost() throws Exception {
        WordpressDestination destination = destination(p -> { });
        PublishItem first = video("update", "Version one");
        Remote created = destination.publish(first);
        JsonNode before = rest("/wp/v2/posts/" + created.id() + "?context=edit");
        // an editor holds the post back meanwhile (castwire's update must not publish it again) and
        // renames it, so only the remote id leads to it
        rest("/wp/v2/posts/" + created.id(), Map.of("status", "draft", "slug", "renamed-by-an-editor-" + RUN));

        PublishItem second = video("update", "Version two").withPreviousRemoteId(created.id());
        Remote updated = destination.publish(second);

        assertThat(updated.id()).isEqualTo(created.id());
        JsonNode posts = postsBySlug(WordpressSlugs.post(first.key()));
        assertThat(posts).hasSize(1);
        JsonNode post = posts.get(0);
        assertThat(post.path("id").asText()).isEqualTo(created.id());
        assertThat(post.path("title").path("raw").asText()).isEqualTo("Version two");
        assertThat(post.path("status").asText()).isEqualTo("draft");
        // the files were not uploaded again
        assertThat(post.path("featured_media").asLong()).isEqualTo(before.path("featured_media").asLong());
        String track = "<track kind=\"captions\" label=\"Captions\" src=\"([^\"]+)\" default>";
        assertThat(group(post.path("content").path("raw").asText(), track))
                .isEqualTo(group(before.path("content").path("raw").asText(), track));
        assertThat(rest("/wp/v2/media?context=edit&slug=" + WordpressSlugs.file("cover", cover))).hasSize(1);
        assertThat(rest("/wp/v2/media?context=edit&slug=" + WordpressSlugs.file("captions-vtt", vtt))).hasSize(1);
    }

    @Test
    void aPostDeletedInWordpressIsPublishedAnew() throws Exception {
        WordpressDestination destination = destination(p -> { });
        PublishItem item = video("deleted", "Deleted by an editor");
        Remote first = destination.publish(item);
        send(HttpRequest.newBuilder(URI.create(wp.url() + "/wp-json/wp/v2/posts/" + first.id() + "?force=true")).DELETE());

        Remote second = destination.publish(item.withPreviousRemoteId(first.id()));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(postsBySlug(WordpressSlugs.post(item.key()))).hasSize(1);
    }

    @Test
    void publishingAgainAfterALostAnswerUpdatesInsteadOfDuplicating() throws Exception {
        WordpressDestination destination = destination(p -> { });
        PublishItem item = video("retry", "Retried");

        Remote first = destination.publish(item);
        Remote again = destination.publish(item);

        assertThat(again).isEqualTo(first);
        assertThat(postsBySlug(WordpressSlugs.post(item.key()))).hasSize(1);
    }

    @Test
    void refusedSccCaptionsAreLinkedFromTheHubAndThePostStillGoesOut() throws Exception {
        PublishItem item = item("scc", "With SCC", null, "video/mp4", HUB + "scc.mp4",
                List.of(new Attachment("SCC", scc, HUB + "scc.scc", "text/x-scc"),
                        new Attachment("VTT", vtt, HUB + "scc.vtt", "text/vtt")), List.of());

        Remote remote = destination(p -> { }).publish(item);

        String html = rest("/wp/v2/posts/" + remote.id() + "?context=edit").path("content").path("raw").asText();
        assertThat(html).contains("<a href=\"" + HUB + "scc.scc\">Captions (SCC)</a>");
        assertThat(group(html, "<a href=\"([^\"]+)\">Captions \\(VTT\\)</a>")).startsWith(wp.url() + "/wp-content/uploads/");
        assertThat(rest("/wp/v2/media?context=edit&slug=" + WordpressSlugs.file("captions-scc", scc))).isEmpty();
    }

    @Test
    void findExistingFindsADraftOfAnEarlierAttemptAndNothingForAnUnknownKey() throws Exception {
        PublishItem item = video("draft", "A draft");
        Remote created = destination(p -> p.setStatus(WordpressProperties.Status.DRAFT)).publish(item);
        assertThat(rest("/wp/v2/posts/" + created.id() + "?context=edit").path("status").asText()).isEqualTo("draft");

        assertThat(destination(p -> { }).findExisting(item)).contains(created);
        // a site without pretty permalinks is asked through ?rest_route=
        assertThat(destination(p -> p.setPrettyPermalinks(false)).findExisting(item)).contains(created);
        assertThat(destination(p -> { }).findExisting(video("never-published", "Nope"))).isEmpty();
    }

    @Test
    void aShowsOwnTemplateMakesTheText() throws Exception {
        PublishItem plain = video("template", "Templated");
        PublishItem item = new PublishItem(1, 1, 0, plain.key(), SHOW, plain.showTitle(), plain.title(), plain.description(),
                plain.url(), plain.feedUrl(), null, plain.mediaType(), plain.durationMs(), cover, plain.captions(),
                plain.chaptersUrl(), plain.transcriptUrl(), plain.clips(), null, "{title} & more from {show}\n\n{description}");

        Remote remote = destination(p -> { }).publish(item);

        assertThat(rest("/wp/v2/posts/" + remote.id() + "?context=edit").path("content").path("raw").asText())
                .contains("<p>Templated &amp; more from Test show " + RUN + "</p>\n<p>First line of the description.</p>");
    }

    @Test
    void aFutureStatusSchedulesTheNewPost() throws Exception {
        Remote remote = destination(p -> {
            p.setStatus(WordpressProperties.Status.FUTURE);
            p.setScheduleDelay(Duration.ofHours(2));
        }).publish(video("future", "Later"));

        JsonNode post = rest("/wp/v2/posts/" + remote.id() + "?context=edit");
        assertThat(post.path("status").asText()).isEqualTo("future");
        Instant at = LocalDateTime.parse(post.path("date_gmt").asText()).toInstant(ZoneOffset.UTC);
        assertThat(at).isCloseTo(Instant.now().plus(Duration.ofHours(2)), within(2, ChronoUnit.MINUTES));
    }

    @Test
    void aWrongApplicationPasswordIsRefusedForGood() {
        String wrong = "abcd efgh ijkl mnop qrst uvwx";
        WordpressDestination destination = destination(p -> { }, wrong);

        assertThatThrownBy(() -> destination.publish(video("wrong-password", "Nope")))
                .isInstanceOf(PermanentDeliveryException.class)
                .satisfies(e -> assertThat(((DeliveryException) e).status()).isEqualTo(401))
                .hasMessageContaining(PASSWORD_ENV)
                .message().doesNotContain(wrong).doesNotContain(wp.appPassword());
    }

    @Test
    void aMissingPasswordVariableIsRefusedForGoodWithoutACall() {
        WordpressDestination destination = destination(p -> p.setPasswordEnv("CASTWIRE_TEST_UNSET_VARIABLE"), null);

        assertThatThrownBy(() -> destination.findExisting(video("no-password", "Nope")))
                .isInstanceOf(PermanentDeliveryException.class)
                .hasMessageContaining("CASTWIRE_TEST_UNSET_VARIABLE");
    }

    @Test
    void unavailableAndRateLimitedAnswersMayPassLater() throws Exception {
        try (FaultProxy proxy = FaultProxy.start(wp.url())) {
            WordpressDestination destination = destination(p -> p.setUrl(proxy.url()));
            PublishItem item = video("proxied", "Through the proxy");

            proxy.failNext(1, 503, Map.of(), "<html>Service Unavailable</html>");
            assertThatThrownBy(() -> destination.publish(item))
                    .isInstanceOf(DeliveryException.class)
                    .isNotInstanceOf(PermanentDeliveryException.class)
                    .satisfies(e -> assertThat(((DeliveryException) e).status()).isEqualTo(503));
            assertThat(proxy.calls()).isEqualTo(1);

            proxy.failNext(1, 429, Map.of("Retry-After", "7"), "{\"code\":\"too_many_requests\"}");
            assertThatThrownBy(() -> destination.publish(item))
                    .isInstanceOf(DeliveryException.class)
                    .isNotInstanceOf(PermanentDeliveryException.class)
                    .satisfies(e -> {
                        assertThat(((DeliveryException) e).status()).isEqualTo(429);
                        assertThat(((DeliveryException) e).retryAfter()).isEqualTo(Duration.ofSeconds(7));
                    });

            // once WordPress answers again the same item goes through, uploads and all
            proxy.reset();
            Remote remote = destination.publish(item);
            assertThat(proxy.calls()).isGreaterThanOrEqualTo(4);
            assertThat(rest("/wp/v2/posts/" + remote.id() + "?context=edit").path("featured_media").asLong()).isPositive();
        }
    }

    // --- fixtures -------------------------------------------------------------------------------

    private static WordpressDestination destination(Consumer<WordpressProperties> config) {
        return destination(config, wp.appPassword());
    }

    private static WordpressDestination destination(Consumer<WordpressProperties> config, String password) {
        WordpressProperties p = new WordpressProperties();
        p.setEnabled(true);
        p.setUrl(wp.url());
        p.setUser(wp.user());
        p.setPasswordEnv(PASSWORD_ENV);
        p.setRequestTimeout(Duration.ofSeconds(60));
        config.accept(p);
        MockEnvironment env = new MockEnvironment();
        if (password != null) {
            env.setProperty(PASSWORD_ENV, password);
        }
        WordpressApi api = new WordpressApi(p, new Secrets(env), Clock.systemUTC());
        return new WordpressDestination(p, api, new WordpressMedia(api), Clock.systemUTC());
    }

    /** A video episode with VTT and SRT captions, two clips, chapters, transcript and cover. */
    private static PublishItem video(String base, String title) {
        return item(base, title, null, "video/mp4", HUB + base + ".mp4",
                List.of(new Attachment("VTT", vtt, HUB + base + ".vtt", "text/vtt"),
                        new Attachment("SRT", srt, HUB + base + ".srt", "application/x-subrip")),
                List.of(new ClipLink(11, 1, "youtube-shorts", HUB + "clip-1.mp4", 12_000, 42_000, "Opening line of clip one"),
                        new ClipLink(12, 2, "default", HUB + "clip-2.m4a", 60_000, 75_000, null)));
    }

    private static PublishItem item(String base, String title, Path media, String mediaType, String url,
                                    List<Attachment> captions, List<ClipLink> clips) {
        return new PublishItem(1, 1, 0, "castwire:" + SHOW + ":" + base, SHOW, "Test show " + RUN, title,
                "First line of the description.\n\nSecond paragraph.", url, HUB + "feed.xml", media, mediaType, 95_000,
                cover, captions, HUB + base + ".chapters.json", HUB + base + ".transcript.txt", clips, null, null);
    }

    /** A small PNG no earlier run made: its colour comes from the run id. */
    private static Path png(Path file) throws IOException {
        BufferedImage image = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(new Color(Integer.parseInt(RUN.substring(0, 6), 16)));
        g.fillRect(0, 0, 32, 32);
        g.setColor(new Color(Integer.parseInt(RUN.substring(2, 8), 16)));
        g.fillRect(8, 8, 16, 16);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private JsonNode postsBySlug(String slug) throws Exception {
        return rest("/wp/v2/posts?context=edit&status=any&slug=" + URLEncoder.encode(slug, StandardCharsets.UTF_8));
    }

    private JsonNode rest(String route) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(wp.url() + "/wp-json" + route)).GET());
    }

    private JsonNode rest(String route, Map<String, ?> body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(wp.url() + "/wp-json" + route))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws Exception {
        String basic = Base64.getEncoder().encodeToString((wp.user() + ":" + wp.appPassword()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(request.header("Authorization", "Basic " + basic).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s answered %s", r.uri(), r.body()).isBetween(200, 299);
        return json.readTree(r.body());
    }

    private byte[] download(String url) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        return r.body();
    }

    private static String group(String html, String regex) {
        Matcher m = Pattern.compile(regex).matcher(html);
        assertThat(m.find()).as("%s in %s", regex, html).isTrue();
        return m.group(1);
    }
}
