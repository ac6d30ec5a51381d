package io.castwire.publishing.rss;

import static io.castwire.publishing.rss.FeedFixtures.NOV_21_0900;
import static io.castwire.publishing.rss.FeedFixtures.fullItem;
import static io.castwire.publishing.rss.FeedFixtures.minimalItem;
import static io.castwire.publishing.rss.FeedFixtures.show;
import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.modules.itunes.EntryInformation;
import com.rometools.modules.itunes.FeedInformation;
import com.rometools.modules.itunes.ITunes;
import com.rometools.rome.feed.rss.Channel;
import com.rometools.rome.feed.rss.Item;
import com.rometools.rome.feed.synd.SyndEntry;
import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import com.rometools.rome.io.WireFeedInput;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The feed as a real feed library reads it, with ROME's lenient fix-ups switched off. */
class FeedWriterRomeTest {

    private static SyndFeed parse(byte[] xml) throws Exception {
        SyndFeedInput input = new SyndFeedInput(false, Locale.ENGLISH);
        input.setXmlHealerOn(false);
        input.setAllowDoctypes(false);
        return input.build(new InputStreamReader(new ByteArrayInputStream(xml), StandardCharsets.UTF_8));
    }

    @Test
    void romeReadsTheChannelAndItsITunesInformation() throws Exception {
        SyndFeed feed = parse(FeedFixtures.write(show(), List.of(fullItem())));

        assertThat(feed.getFeedType()).isEqualTo("rss_2.0");
        assertThat(feed.getTitle()).isEqualTo("The Night Shift");
        assertThat(feed.getLink()).isEqualTo("https://castwire.example/night-shift");
        assertThat(feed.getDescription()).isEqualTo("Stories from people who work while the city sleeps.");
        assertThat(feed.getLanguage()).isEqualTo("en-us");
        FeedInformation itunes = (FeedInformation) feed.getModule(ITunes.URI);
        assertThat(itunes).isNotNull();
        assertThat(itunes.getAuthor()).isEqualTo("Castwire Studios");
        assertThat(itunes.getExplicitNullable()).isFalse();
        assertThat(itunes.getImageUri()).isEqualTo("https://cdn.castwire.example/night-shift/cover.jpg");
        assertThat(itunes.getOwnerName()).isEqualTo("Ada Owner");
        assertThat(itunes.getOwnerEmailAddress()).isEqualTo("ada@castwire.example");
        assertThat(itunes.getCategories()).hasSize(1);
        assertThat(itunes.getCategories().get(0).getName()).isEqualTo("Society & Culture");
        assertThat(itunes.getCategories().get(0).getSubcategories()).hasSize(1);
        assertThat(itunes.getCategories().get(0).getSubcategory().getName()).isEqualTo("Documentary");
        assertThat(itunes.getType()).isEqualTo("episodic");
    }

    @Test
    void romeReadsEachEpisodeAndItsITunesInformation() throws Exception {
        SyndFeed feed = parse(FeedFixtures.write(show(),
                List.of(minimalItem("older", NOV_21_0900.minusSeconds(86_400)), fullItem())));

        assertThat(feed.getEntries()).extracting(SyndEntry::getUri).containsExactly("cw-ep-42", "older");
        SyndEntry entry = feed.getEntries().get(0);
        assertThat(entry.getTitle()).isEqualTo("The Baker at 4 AM");
        assertThat(entry.getDescription().getValue()).isEqualTo("Flour, ovens & <early> mornings.");
        assertThat(entry.getPublishedDate()).isEqualTo(Date.from(NOV_21_0900));
        assertThat(entry.getLink()).isEqualTo("https://castwire.example/night-shift/42");
        assertThat(entry.getEnclosures()).hasSize(1);
        assertThat(entry.getEnclosures().get(0).getUrl()).isEqualTo("https://cdn.castwire.example/night-shift/ep42.mp3");
        assertThat(entry.getEnclosures().get(0).getLength()).isEqualTo(34_567_890L);
        assertThat(entry.getEnclosures().get(0).getType()).isEqualTo("audio/mpeg");
        assertThat(entry.getContents()).hasSize(1);
        assertThat(entry.getContents().get(0).getValue()).isEqualTo("<p>Show notes with <b>bold</b></p>");
        EntryInformation itunes = (EntryInformation) entry.getModule(ITunes.URI);
        assertThat(itunes).isNotNull();
        assertThat(itunes.getDuration().getMilliseconds()).isEqualTo(3723_000L);
        assertThat(itunes.getDuration().toString()).isEqualTo("01:02:03");
        assertThat(itunes.getEpisode()).isEqualTo(42);
        assertThat(itunes.getEpisodeType()).isEqualTo("full");
    }

    @Test
    void romeSeesTheGuidIsNotAPermalink() throws Exception {
        WireFeedInput input = new WireFeedInput(false, Locale.ENGLISH);
        input.setXmlHealerOn(false);
        Channel channel = (Channel) input.build(new InputStreamReader(
                new ByteArrayInputStream(FeedFixtures.write(show(), List.of(fullItem()))), StandardCharsets.UTF_8));

        Item item = channel.getItems().get(0);
        assertThat(item.getGuid().getValue()).isEqualTo("cw-ep-42");
        assertThat(item.getGuid().isPermaLink()).isFalse();
        assertThat(item.getPubDate()).isEqualTo(Date.from(NOV_21_0900));
    }

    @Test
    void romeReadsAnExplicitShowAsExplicit() throws Exception {
        ShowFeed s = show();
        ShowFeed explicit = new ShowFeed(s.slug(), s.title(), s.description(), s.language(), s.author(),
                s.ownerName(), s.ownerEmail(), s.imageUrl(), "Comedy", "Stand-Up", true, s.siteUrl(), s.feedUrl(), null);

        FeedInformation itunes = (FeedInformation) parse(FeedFixtures.write(explicit, List.of())).getModule(ITunes.URI);

        assertThat(itunes.getExplicitNullable()).isTrue();
        assertThat(itunes.getCategories().get(0).getName()).isEqualTo("Comedy");
        assertThat(itunes.getCategories().get(0).getSubcategory().getName()).isEqualTo("Stand-Up");
    }
}
