package io.castwire.publishing.cablecast;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShowCommentsTest {

    private static Map<String, String> links() {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("Media", "https://hub/media/s/ep.mp3");
        links.put("Transcript", null);
        return links;
    }

    @Test
    void theFooterCarriesTheLinksAndTheKeyBelowTheDescription() {
        String c = ShowComments.write("  What happened.\n", links(), "castwire:s:ep");
        assertThat(c).isEqualTo("What happened.\n\n-- castwire --\nMedia: https://hub/media/s/ep.mp3\n"
                + "castwire-key: castwire:s:ep");
        assertThat(ShowComments.description(c)).isEqualTo("What happened.");
        assertThat(ShowComments.key(c)).isEqualTo("castwire:s:ep");
        assertThat(ShowComments.links(c)).containsExactly(Map.entry("Media", "https://hub/media/s/ep.mp3"),
                Map.entry("castwire-key", "castwire:s:ep"));
    }

    @Test
    void anEditedDescriptionKeepsTheFooter() {
        String c = ShowComments.write("", links(), "k");
        assertThat(ShowComments.description(c)).isEmpty();
        String edited = ShowComments.withDescription(c, "New text\n\nwith -- castwire -- inside");
        assertThat(ShowComments.description(edited)).isEqualTo("New text\n\nwith -- castwire -- inside");
        assertThat(ShowComments.key(edited)).isEqualTo("k");
        assertThat(ShowComments.withDescription(edited, "")).isEqualTo(c);
    }

    @Test
    void aStationShowHasNoKey() {
        assertThat(ShowComments.key("Agenda for Monday")).isNull();
        assertThat(ShowComments.description("Agenda for Monday")).isEqualTo("Agenda for Monday");
        assertThat(ShowComments.key(null)).isNull();
        assertThat(ShowComments.withDescription("Agenda", "New")).isEqualTo("New");
    }
}
