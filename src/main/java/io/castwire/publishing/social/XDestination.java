package io.castwire.publishing.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PublishItem;
import io.castwire.publishing.delivery.Remote;
import io.castwire.publishing.delivery.Secrets;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Publishes to X with API v2: {@code POST /2/tweets} with the template's text (always carrying the
 * public URL), and for a clip its video, uploaded first in chunks and attached by media id.
 * <p>
 * X offers no edit of a post through the API: a new version of an episode already on X posts
 * nothing and keeps the earlier post.
 */
@Component
public class XDestination implements Destination {

    static final String NAME = "x";
    private static final Logger LOG = LoggerFactory.getLogger(XDestination.class);

    private final XProperties props;
    private final Secrets secrets;
    private final SocialHttp http;
    private final XFailures failures;
    private final XMediaUpload media;

    public XDestination(XProperties props, Secrets secrets, Clock clock) {
        this.props = props;
        this.secrets = secrets;
        this.http = new SocialHttp(NAME, props);
        this.failures = new XFailures(props, clock);
        this.media = new XMediaUpload(props, http, failures);
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
     * Posts the item; a clip with a video gets the video attached. With
     * {@link PublishItem#previousRemoteId()} set nothing is sent and that post is returned, since X
     * cannot edit posts through its API. A 403 for duplicate content counts as already posted only
     * when {@link #findExisting} finds the post.
     */
    @Override
    public Remote publish(PublishItem item) throws DeliveryException {
        String previous = item.previousRemoteId();
        if (previous != null && !previous.isBlank()) {
            LOG.info("X posts cannot be edited through the API; {} stays post {}", item.key(), previous);
            return remote(previous);
        }
        String token = secrets.require(NAME, props.getTokenEnv());
        ObjectNode body = Json.object();
        body.put("text", XText.fit(item.templateOr(props.getTemplate()), item));
        if (uploadsVideo(item)) {
            body.putObject("media").putArray("media_ids").add(media.upload(item.media(), item.mediaType(), token));
        }
        HttpRequest request = http.request(SocialHttp.uri(props.getBaseUrl(), "/2/tweets"), token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.write(body)))
                .build();
        ApiResponse r = http.send(request, "create post");
        if (XFailures.duplicate(r)) {
            Optional<Remote> earlier = findExisting(item);
            if (earlier.isPresent()) {
                LOG.info("X already has {} as post {}", item.key(), earlier.get().id());
                return earlier.get();
            }
        }
        if (!r.ok()) {
            throw failures.of("create post", r, token);
        }
        String id = Json.text(r.json().path("data"), "id");
        if (id == null) {
            return findExisting(item).orElseThrow(() -> new DeliveryException(
                    "x create post answered HTTP " + r.status() + " without a post id", r.status(), null));
        }
        LOG.info("Published {} to X as post {}", item.key(), id);
        return remote(id);
    }

    /** Reads the account's latest 100 posts and returns the one whose link expands to the item's URL. */
    @Override
    public Optional<Remote> findExisting(PublishItem item) throws DeliveryException {
        String token = secrets.require(NAME, props.getTokenEnv());
        ApiResponse me = http.send(http.request(SocialHttp.uri(props.getBaseUrl(), "/2/users/me"), token).GET().build(),
                "read the account");
        if (!me.ok()) {
            throw failures.of("read the account", me, token);
        }
        String userId = Json.text(me.json().path("data"), "id");
        if (userId == null) {
            throw new DeliveryException("x read the account: no user id in the answer", me.status(), null);
        }
        String path = "/2/users/" + FormBody.encode(userId) + "/tweets?max_results=100&tweet.fields=entities";
        ApiResponse posts = http.send(http.request(SocialHttp.uri(props.getBaseUrl(), path), token).GET().build(),
                "list posts");
        if (!posts.ok()) {
            throw failures.of("list posts", posts, token);
        }
        for (JsonNode post : posts.json().path("data")) {
            for (JsonNode link : post.path("entities").path("urls")) {
                if (item.url().equals(Json.text(link, "expanded_url"))) {
                    return Optional.of(remote(Json.text(post, "id")));
                }
            }
        }
        return Optional.empty();
    }

    private boolean uploadsVideo(PublishItem item) {
        return props.isUploadVideo() && item.isClip() && item.media() != null
                && item.mediaType() != null && item.mediaType().startsWith("video/");
    }

    private static Remote remote(String id) {
        // the i/web form works without knowing the account's handle
        return new Remote(id, "https://x.com/i/web/status/" + id);
    }

    @Override
    public java.util.List<String> credentialVariables() {
        return props.getTokenEnv() == null ? java.util.List.of() : java.util.List.of(props.getTokenEnv());
    }
}
