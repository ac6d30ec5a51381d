package io.castwire.publishing.rss;

/**
 * The channel of a show's podcast feed.
 *
 * @param slug        the show's key in castwire; not written to the feed
 * @param category    an Apple Podcasts category, see {@link AppleCategories}
 * @param subcategory optional subcategory of {@code category}
 * @param siteUrl     the show's web page, the channel {@code link}
 * @param feedUrl     where the feed is served, written as {@code atom:link rel="self"}
 * @param podcastGuid the show's {@code podcast:guid}; derived from {@code feedUrl} when absent,
 *                    but a show that has one must keep it even after its feed moves
 * @param locked      {@code podcast:locked}: {@code null} leaves it out, otherwise yes/no with the
 *                    owner e-mail as the address that may approve a move
 */
public record ShowFeed(
        String slug,
        String title,
        String description,
        String language,
        String author,
        String ownerName,
        String ownerEmail,
        String imageUrl,
        String category,
        String subcategory,
        boolean explicit,
        String siteUrl,
        String feedUrl,
        String podcastGuid,
        Boolean locked) {

    public ShowFeed {
        Fields.required(slug, "slug");
        Fields.required(title, "title");
        Fields.required(description, "description");
        Fields.required(language, "language");
        Fields.required(author, "author");
        Fields.required(ownerName, "ownerName");
        Fields.required(ownerEmail, "ownerEmail");
        imageUrl = Fields.requiredUrl(imageUrl, "imageUrl");
        subcategory = Fields.optional(subcategory);
        AppleCategories.validate(category, subcategory);
        siteUrl = Fields.requiredUrl(siteUrl, "siteUrl");
        feedUrl = Fields.requiredUrl(feedUrl, "feedUrl");
        podcastGuid = Fields.optional(podcastGuid);
        if (podcastGuid == null) {
            podcastGuid = PodcastGuid.forFeedUrl(feedUrl);
        } else if (!PodcastGuid.isWellFormed(podcastGuid)) {
            throw new IllegalArgumentException("podcastGuid must be a UUID: " + podcastGuid);
        }
    }

    /** A show without {@code podcast:locked}. */
    public ShowFeed(String slug, String title, String description, String language, String author,
            String ownerName, String ownerEmail, String imageUrl, String category, String subcategory,
            boolean explicit, String siteUrl, String feedUrl, String podcastGuid) {
        this(slug, title, description, language, author, ownerName, ownerEmail, imageUrl, category, subcategory,
                explicit, siteUrl, feedUrl, podcastGuid, null);
    }
}
