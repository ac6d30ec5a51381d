package io.castwire.publishing.rss;

import static io.castwire.publishing.rss.FeedFixtures.showWith;
import static io.castwire.publishing.rss.FeedFixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AppleCategoriesTest {

    @Test
    void theListHasApplesNineteenCategoriesAndNinetyOneSubcategories() {
        assertThat(AppleCategories.CATEGORIES).hasSize(19);
        assertThat(AppleCategories.CATEGORIES.values().stream().mapToInt(List::size).sum()).isEqualTo(91);
        assertThat(AppleCategories.CATEGORIES.get("Education")).containsExactly(
                "Courses", "How To", "Language Learning", "Self-Improvement");
        assertThat(AppleCategories.CATEGORIES.get("True Crime")).isEmpty();
    }

    @Test
    void everyCategoryAndSubcategoryOnTheListIsWrittenAsGiven() throws Exception {
        for (Map.Entry<String, List<String>> category : AppleCategories.CATEGORIES.entrySet()) {
            FeedDocument alone = FeedDocument.parse(write(showWith(category.getKey(), null), List.of()));
            assertThat(alone.string("/rss/channel/itunes:category/@text")).isEqualTo(category.getKey());
            for (String subcategory : category.getValue()) {
                FeedDocument nested = FeedDocument.parse(write(showWith(category.getKey(), subcategory), List.of()));
                assertThat(nested.string("/rss/channel/itunes:category/itunes:category/@text")).isEqualTo(subcategory);
            }
        }
    }

    @Test
    void anUnknownCategoryIsRejectedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> showWith("Podcasting", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Podcasting'")
                .hasMessageContaining("Arts, Business, Comedy")
                .hasMessageContaining("True Crime, TV & Film");
    }

    @Test
    void categoriesMustMatchApplesSpellingExactly() {
        assertThatThrownBy(() -> showWith("technology", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> showWith("Society and Culture", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> showWith(null, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownSubcategoryIsRejectedNamingTheAllowedOnes() {
        assertThatThrownBy(() -> showWith("Technology", "Gadgets"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Gadgets'")
                .hasMessageContaining("no subcategories");
        assertThatThrownBy(() -> showWith("Arts", "Documentary"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Books, Design, Fashion & Beauty, Food, Performing Arts, Visual Arts");
    }
}
