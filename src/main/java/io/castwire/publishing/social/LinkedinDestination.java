package io.castwire.publishing.social;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.castwire.publishing.delivery.DeliveryException;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.DestinationSettings;
import io.castwire.publishing.delivery.PermanentDeliveryException;
import io.castwire.publishing.delivery.PostTemplate;
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
 * Publishes to LinkedIn with the versioned Posts API ({@code /rest/posts}): an article post whose
 * link is the episode's (or clip's) public URL, with the commentary from the template. A new
 * version of an episode updates the commentary of the earlier post (LinkedIn lets only the
 * commentary change, not the article).
 */
@Component
public class LinkedinDestination implements Destination {

    static final String NAME = "linkedin";
    /** LinkedIn's limit for commentary. */
    static final int MAX_COMMENTARY = 3000;
    private static final Logger LOG = LoggerFactory.getLogger(LinkedinDestination.class);

    private final LinkedinProperties props;
    private final Secrets secrets;
    private final SocialHttp http;
    private final LinkedinFailures failures;

    public LinkedinDestination(LinkedinProperties props, Secrets secrets, Clock clock) {
        this.props = props;
        this.secrets = secrets;
        this.http = new SocialHttp(NAME, props);
        this.failures = new LinkedinFailures(props, clock);
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
     * Creates the article post, or updates the commentary of {@link PublishItem#previousRemoteId()};
     * a post deleted on LinkedIn since is published anew.
     */
    @Override
    public Remote publish(PublishItem item) throws DeliveryException {
        String token = secrets.require(NAME, props.getTokenEnv());
        String author = author();
        String commentary = commentary(item);
        String previous = item.previousRemoteId();
        if (previous != null && !previous.isBlank()) {
            if (update(previous, commentary, token)) {
                return remote(previous);
            }
            LOG.info("LinkedIn post {} no longer exists; publishing {} as a new post", previous, item.key());
        }
        return create(item, author, commentary, token);
    }

    /** Lists the author's latest posts and returns the one linking to the item's public URL. */
    @Override
    public Optional<Remote> findExisting(PublishItem item) throws DeliveryException {
        String token = secrets.require(NAME, props.getTokenEnv());
        String query = "/rest/posts?author=" + FormBody.encode(author()) + "&q=author&count="
                + Math.max(1, Math.min(100, props.getFindCount())) + "&sortBy=LAST_MODIFIED";
        HttpRequest request = restli(query, token).header("X-RestLi-Method", "FINDER").GET().build();
        ApiResponse r = http.send(request, "list posts");
        if (!r.ok()) {
            throw failures.of("list posts", r, token);
        }
        for (JsonNode post : r.json().path("elements")) {
            String source = Json.text(post.path("content").path("article"), "source");
            String text = Json.text(post, "commentary");
            if (item.url().equals(source) || (text != null && text.contains(item.url()))) {
                return Optional.of(remote(Json.text(post, "id")));
            }
        }
        return Optional.empty();
    }

    private Remote create(PublishItem item, String author, String commentary, String token) throws DeliveryException {
        ObjectNode body = Json.object();
        body.put("author", author);
        body.put("commentary", commentary);
        body.put("visibility", props.getVisibility());
        ObjectNode distribution = body.putObject("distribution");
        distribution.put("feedDistribution", "MAIN_FEED");
        distribution.putArray("targetEntities");
        distribution.putArray("thirdPartyDistributionChannels");
        ObjectNode article = body.putObject("content").putObject("article");
        article.put("source", item.url());
        article.put("title", firstNonBlank(item.title(), item.showTitle(), item.url()));
        if (item.description() != null && !item.description().isBlank()) {
            article.put("description", item.description());
        }
        body.put("lifecycleState", "PUBLISHED");
        body.put("isReshareDisabledByAuthor", false);
        HttpRequest request = restli("/rest/posts", token)
                .header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.write(body)))
                .build();
        ApiResponse r = http.send(request, "create post");
        if (!r.ok()) {
            throw failures.of("create post", r, token);
        }
        String urn = r.header("x-restli-id");
        if (urn == null || urn.isBlank()) {
            // created, but the id is missing: the post itself says which one it is
            return findExisting(item).orElseThrow(() -> new DeliveryException(
                    "linkedin create post answered HTTP " + r.status() + " without x-restli-id", r.status(), null));
        }
        LOG.info("Published {} to LinkedIn as {}", item.key(), urn);
        return remote(urn);
    }

    /** True when updated, false when the post no longer exists. */
    private boolean update(String urn, String commentary, String token) throws DeliveryException {
        ObjectNode body = Json.object();
        body.putObject("patch").putObject("$set").put("commentary", commentary);
        HttpRequest request = restli("/rest/posts/" + FormBody.encode(urn), token)
                .header("Content-Type", "application/json")
                .header("X-RestLi-Method", "PARTIAL_UPDATE")
                .POST(BodyPublishers.ofString(Json.write(body)))
                .build();
        ApiResponse r = http.send(request, "update post");
        if (r.status() == 404) {
            return false;
        }
        if (!r.ok()) {
            throw failures.of("update post", r, token);
        }
        LOG.info("Updated LinkedIn post {}", urn);
        return true;
    }

    private HttpRequest.Builder restli(String pathAndQuery, String token) {
        return http.request(SocialHttp.uri(props.getBaseUrl(), pathAndQuery), token)
                .header("LinkedIn-Version", props.getVersion())
                .header("X-Restli-Protocol-Version", "2.0.0");
    }

    /** The template's text, escaped for LinkedIn and within its length limit after escaping. */
    String commentary(PublishItem item) {
        int max = MAX_COMMENTARY;
        String text = LittleText.escape(PostTemplate.render(item.templateOr(props.getTemplate()), item, max));
        // escaping adds characters; shorten the unescaped text until the escaped one fits
        while (text.length() > MAX_COMMENTARY && max > 1) {
            max = Math.max(1, max - (text.length() - MAX_COMMENTARY));
            text = LittleText.escape(PostTemplate.render(item.templateOr(props.getTemplate()), item, max));
        }
        return text;
    }

    private String author() throws PermanentDeliveryException {
        String author = props.getAuthor() == null ? "" : props.getAuthor().strip();
        if (!author.startsWith("urn:li:organization:") && !author.startsWith("urn:li:person:")) {
            throw new PermanentDeliveryException("linkedin: castwire.publish.linkedin.author must be"
                    + " urn:li:organization:<id> or urn:li:person:<id>", 0);
        }
        return author;
    }

    private static Remote remote(String urn) {
        return new Remote(urn, "https://www.linkedin.com/feed/update/" + urn);
    }

    private static String firstNonBlank(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return "";
    }

    @Override
    public java.util.List<String> credentialVariables() {
        return props.getTokenEnv() == null ? java.util.List.of() : java.util.List.of(props.getTokenEnv());
    }
}
