package io.castwire.publishing.rss;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The categories Apple Podcasts accepts in {@code itunes:category}, spelled exactly as Apple lists
 * them: Apple ignores a feed's category when the text differs even in case or punctuation, so a
 * typo would silently drop the show from its category charts.
 */
public final class AppleCategories {

    /** Every Apple Podcasts category, in Apple's order, with its subcategories (possibly none). */
    public static final Map<String, List<String>> CATEGORIES = categories();

    private AppleCategories() {
    }

    private static Map<String, List<String>> categories() {
        Map<String, List<String>> c = new LinkedHashMap<>();
        c.put("Arts", List.of("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"));
        c.put("Business", List.of("Careers", "Entrepreneurship", "Investing", "Management", "Marketing", "Non-Profit"));
        c.put("Comedy", List.of("Comedy Interviews", "Improv", "Stand-Up"));
        c.put("Education", List.of("Courses", "How To", "Language Learning", "Self-Improvement"));
        c.put("Fiction", List.of("Comedy Fiction", "Drama", "Science Fiction"));
        c.put("Government", List.of());
        c.put("History", List.of());
        c.put("Health & Fitness", List.of("Alternative Health", "Fitness", "Medicine", "Mental Health", "Nutrition", "Sexuality"));
        c.put("Kids & Family", List.of("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"));
        c.put("Leisure", List.of("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"));
        c.put("Music", List.of("Music Commentary", "Music History", "Music Interviews"));
        c.put("News", List.of("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
                "Sports News", "Tech News"));
        c.put("Religion & Spirituality", List.of("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism", "Religion",
                "Spirituality"));
        c.put("Science", List.of("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"));
        c.put("Society & Culture", List.of("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                "Relationships"));
        c.put("Sports", List.of("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf", "Hockey",
                "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball", "Wilderness", "Wrestling"));
        c.put("Technology", List.of());
        c.put("True Crime", List.of());
        c.put("TV & Film", List.of("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"));
        return java.util.Collections.unmodifiableMap(c);
    }

    /**
     * Checks a category and optional subcategory against Apple's list.
     *
     * @throws IllegalArgumentException naming the allowed values when either is not on the list
     */
    public static void validate(String category, String subcategory) {
        if (category == null || !CATEGORIES.containsKey(category)) {
            throw new IllegalArgumentException("Unknown Apple Podcasts category '" + category
                    + "'; allowed: " + String.join(", ", CATEGORIES.keySet()));
        }
        if (subcategory == null) {
            return;
        }
        List<String> allowed = CATEGORIES.get(category);
        if (!allowed.contains(subcategory)) {
            throw new IllegalArgumentException("Unknown Apple Podcasts subcategory '" + subcategory + "' of '" + category
                    + "'; allowed: " + (allowed.isEmpty() ? "none (this category has no subcategories)"
                    : String.join(", ", allowed)));
        }
    }
}
