package io.castwire.kamelets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the source Kamelets' bean files what it is given into the inbox (no hub, no routes). */
class KameletInboxTest {

    @TempDir
    Path home;
    private HubPaths paths;
    private KameletInbox inbox;
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void setUp() {
        CastwireProperties p = new CastwireProperties();
        p.setHome(home);
        paths = new HubPaths(p);
        inbox = new KameletInbox(paths);
    }

    private Exchange object(String key, String content) {
        Exchange x = new DefaultExchange(camel);
        x.getMessage().setHeader("CamelAwsS3Key", key);
        x.getMessage().setBody(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)));
        return x;
    }

    @Test
    void theFirstFolderOfTheKeyIsTheShowAndTheFileArrivesWhole() throws Exception {
        Exchange x = object("Great Show/Ep 1.mp3", "abc");

        assertThat(inbox.deliver(x, null)).isEqualTo("great-show/Ep 1.mp3");

        assertThat(paths.inbox().resolve("great-show/Ep 1.mp3")).hasContent("abc");
        assertThat(x.getMessage().getHeader(KameletHeaders.SHOW)).isEqualTo("great-show");
        try (Stream<Path> files = Files.list(paths.inbox().resolve("great-show"))) {
            assertThat(files).as("no .part file left behind").hasSize(1);
        }
    }

    @Test
    void aGivenShowWinsAndAFileNameCannotClimbOutOfTheInbox() throws Exception {
        assertThat(inbox.deliver(object("../../etc/passwd", "x"), "")).isEqualTo("default/passwd");
        assertThat(inbox.deliver(object("a/../../..", "y"), "My Show")).isEqualTo("my-show/unnamed");
        assertThat(inbox.deliver(object("../evil.mp3", "z"), "..")).isEqualTo("default/evil.mp3");
        try (Stream<Path> all = Files.walk(home)) {
            assertThat(all.filter(Files::isRegularFile)).allSatisfy(f -> assertThat(f).startsWith(paths.inbox()));
        }
    }

    @Test
    void aFileOfTheSameNameStillWaitingIsNeverOverwritten() throws Exception {
        inbox.deliver(object("show/a.mp3", "first"), null);

        assertThatThrownBy(() -> inbox.deliver(object("show/a.mp3", "second"), null))
                .isInstanceOf(FileAlreadyExistsException.class);
        assertThat(paths.inbox().resolve("show/a.mp3")).hasContent("first");
    }

    @Test
    void anS3FolderMarkerIsSkipped() throws Exception {
        Exchange x = object("show/", "");

        assertThat(inbox.deliver(x, null)).isNull();

        assertThat(x.isRouteStop()).isTrue();
        try (Stream<Path> all = Files.walk(home)) {
            assertThat(all.filter(Files::isRegularFile)).as("nothing written").isEmpty();
        }
    }

    @Test
    void aMessageWithoutAFileNameIsRefused() {
        Exchange x = new DefaultExchange(camel);
        x.getMessage().setBody("data");

        assertThatThrownBy(() -> inbox.deliver(x, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names no file");
    }
}
