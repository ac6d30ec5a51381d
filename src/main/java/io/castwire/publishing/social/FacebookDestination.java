package io.castwire.publishing.social;

import io.castwire.common.http.MultipartBody;

import com.fasterxml.jackson.databind.JsonNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PostTemplate;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.publishing.delivery.Secrets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes to a Facebook Page with the Graph API: a feed post with the template's message and
 * the public URL as its link, or, for a clip, the clip's video uploaded to the Page. A new
 * version updates the earlier post's message (or the video's description). The Page access token
 * travels in the Authorization header, never in a URL.
 */
@Component
public class FacebookDestination implements Destination {

    static final String NAME = "facebook";
    /** Facebook's limit for a post's message. */
    static final int MAX_MESSAGE = 63206;
    private static final Logger LOG = LoggerFactory.getLogger(FacebookDestination.class);

    private final FacebookProperties props;
    private final Secrets secrets;
    private final SocialHttp http;
    private final GraphFailures failures;

    public FacebookDestination(FacebookProperties props, Secrets secrets, Clock clock) {
        this.props = props;
        this.secrets = secrets;
        this.http = new SocialHttp(NAME, props);
        this.failures = new GraphFailures(props, clock);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DestinationSettings settings() {
        return props;
    }

    /**
     * Posts the item to the Page (a clip's video as a Page video), or updates
     * {@link PublishItem#previousRemoteId()}; a post deleted on Facebook since is published anew.
     * Facebook's duplicate-post error counts as already posted only when {@link #findExisting}
     * finds the post.
     */
    @Override
    public Remote publish(PublishItem item) throws DeliveryException {
        String token = secrets.require(NAME, props.getTokenEnv());
        String page = pageId();
        String previous = item.previousRemoteId();
        if (previous != null && !previous.isBlank()) {
            if (update(previous, item, token)) {
                return remote(page, previous, null);
            }
            LOG.info("Facebook object {} no longer exists; publishing {} anew", previous, item.key());
        }
        return uploadsVideo(item) ? uploadVideo(item, page, token) : post(item, page, token);
    }

    /** Reads the Page's latest posts (or videos, for a clip) and returns the one carrying the item's URL. */
    @Override
    public Optional<Remote> findExisting(PublishItem item) throws DeliveryException {
        String token = secrets.require(NAME, props.getTokenEnv());
        String page = pageId();
        boolean video = uploadsVideo(item);
        String fields = video ? "id,description,permalink_url" : "id,message,permalink_url,attachments{unshimmed_url}";
        String path = "/" + FormBody.encode(page) + (video ? "/videos" : "/feed") + "?fields=" + FormBody.encode(fields)
                + "&limit=" + Math.max(1, Math.min(100, props.getFindLimit()));
        ApiResponse r = http.send(http.request(graph(props.getBaseUrl(), path), token).GET().build(), "list posts");
        if (!r.ok()) {
            throw failures.of("list posts", r, token);
        }
        for (JsonNode post : r.json().path("data")) {
            if (carries(post, item.url())) {
                return Optional.of(remote(page, Json.text(post, "id"), Json.text(post, "permalink_url")));
            }
        }
        return Optional.empty();
    }

    private Remote post(PublishItem item, String page, String token) throws DeliveryException {
        FormBody form = new FormBody()
                .field("message", PostTemplate.render(item.templateOr(props.getTemplate()), item, MAX_MESSAGE))
                .field("link", item.url());
        HttpRequest request = http.request(graph(props.getBaseUrl(), "/" + FormBody.encode(page) + "/feed"), token)
                .header("Content-Type", FormBody.CONTENT_TYPE)
                .POST(form.publisher())
                .build();
        ApiResponse r = http.send(request, "create post");
        return created(item, page, r, "create post", token);
    }

    private Remote uploadVideo(PublishItem item, String page, String token) throws DeliveryException {
        MultipartBody form = new MultipartBody()
                .field("title", item.title())
                .field("description", videoDescription(item));
        HttpRequest request = http.request(graph(props.getVideoBaseUrl(), "/" + FormBody.encode(page) + "/videos"), token)
                .header("Content-Type", form.contentType())
                .POST(form.publisher("source", item.media().getFileName().toString(), item.mediaType(), item.media(), 0,
                        size(item)))
                .build();
        ApiResponse r = http.send(request, "upload video");
        return created(item, page, r, "upload video", token);
    }

    private Remote created(PublishItem item, String page, ApiResponse r, String what, String token)
            throws DeliveryException {
        if (!r.ok() && GraphFailures.code(r) == GraphFailures.DUPLICATE) {
            Optional<Remote> earlier = findExisting(item);
            if (earlier.isPresent()) {
                LOG.info("Facebook already has {} as {}", item.key(), earlier.get().id());
                return earlier.get();
            }
        }
        if (!r.ok()) {
            throw failures.of(what, r, token);
        }
        String id = Json.text(r.json(), "id");
        if (id == null) {
            return findExisting(item).orElseThrow(() -> new DeliveryException(
                    "facebook " + what + " answered HTTP " + r.status() + " without an id", r.status(), null));
        }
        LOG.info("Published {} to Facebook as {}", item.key(), id);
        return remote(page, id, null);
    }

    /** True when updated, false when the object no longer exists. */
    private boolean update(String id, PublishItem item, String token) throws DeliveryException {
        boolean video = !id.contains("_");
        FormBody form = video
                ? new FormBody().field("description", videoDescription(item))
                : new FormBody().field("message", PostTemplate.render(item.templateOr(props.getTemplate()), item, MAX_MESSAGE));
        HttpRequest request = http.request(graph(props.getBaseUrl(), "/" + FormBody.encode(id)), token)
                .header("Content-Type", FormBody.CONTENT_TYPE)
                .POST(form.publisher())
                .build();
        ApiResponse r = http.send(request, "update post");
        if (!r.ok() && GraphFailures.code(r) == GraphFailures.INVALID_PARAMETER
                && GraphFailures.subcode(r) == GraphFailures.DOES_NOT_EXIST) {
            return false;
        }
        if (!r.ok()) {
            throw failures.of("update post", r, token);
        }
        LOG.info("Updated Facebook object {}", id);
        return true;
    }

    /** A video has no link field: its description is how findExisting recognises it, so it always carries the URL. */
    private String videoDescription(PublishItem item) {
        String own = item.templateOr(props.getTemplate());
        String template = own.contains("{url}") ? own : own + "\n\n{url}";
        return PostTemplate.render(template, item, MAX_MESSAGE);
    }

    private static boolean carries(JsonNode post, String url) {
        for (String field : new String[] {"message", "description"}) {
            String text = Json.text(post, field);
            if (text != null && text.contains(url)) {
                return true;
            }
        }
        for (JsonNode attachment : post.path("attachments").path("data")) {
            if (url.equals(Json.text(attachment, "unshimmed_url"))) {
                return true;
            }
        }
        return false;
    }

    private boolean uploadsVideo(PublishItem item) {
        return props.isUploadVideo() && item.isClip() && item.media() != null
                && item.mediaType() != null && item.mediaType().startsWith("video/");
    }

    private URI graph(String base, String path) {
        return SocialHttp.uri(base, "/" + props.getGraphVersion() + path);
    }

    private String pageId() throws PermanentDeliveryException {
        String page = props.getPageId() == null ? "" : props.getPageId().strip();
        if (page.isEmpty()) {
            throw new PermanentDeliveryException("facebook: castwire.publish.facebook.page-id is not set", 0);
        }
        return page;
    }

    private static long size(PublishItem item) throws DeliveryException {
        try {
            return Files.size(item.media());
        } catch (IOException e) {
            throw new DeliveryException("facebook: cannot read the media file " + item.media().getFileName(), e);
        }
    }

    private static Remote remote(String page, String id, String permalink) {
        if (permalink != null && !permalink.isBlank()) {
            return new Remote(id, permalink.startsWith("http") ? permalink : "https://www.facebook.com" + permalink);
        }
        int underscore = id.indexOf('_');
        return new Remote(id, underscore > 0
                ? "https://www.facebook.com/" + page + "/posts/" + id.substring(underscore + 1)
                : "https://www.facebook.com/" + page + "/videos/" + id);
    }

    @Override
    public java.util.List<String> credentialVariables() {
        return props.getTokenEnv() == null ? java.util.List.of() : java.util.List.of(props.getTokenEnv());
    }
}
