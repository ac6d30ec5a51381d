package io.castwire.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentStoreTest {

    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @TempDir
    Path home;

    private HubPaths paths;
    private ContentStore store;

    @BeforeEach
    void setUp() {
        CastwireProperties properties = new CastwireProperties();
        properties.setHome(home);
        paths = new HubPaths(properties);
        store = new ContentStore(paths);
    }

    @Test
    void sha256MatchesTheKnownVectors() throws Exception {
        assertThat(store.sha256(Files.writeString(home.resolve("abc"), "abc"))).isEqualTo(ABC);
        assertThat(store.sha256(Files.createFile(home.resolve("empty"))))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    }

    @Test
    void sha256OfAFileLargerThanOneBufferCoversEveryBlock() throws Exception {
        byte[] bytes = new byte[(1 << 20) * 2 + 123];
        new Random(7).nextBytes(bytes);
        Path big = Files.write(home.resolve("big"), bytes);
        byte[] changedTail = bytes.clone();
        changedTail[changedTail.length - 1]++;
        Path other = Files.write(home.resolve("other"), changedTail);

        String expected = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(store.sha256(big)).isEqualTo(expected);
        assertThat(store.sha256(other)).isNotEqualTo(expected);
    }

    @Test
    void mediaPathIsShowThenTwoCharactersOfTheHashThenHashAndExtension() {
        Path path = store.mediaPath("my-show", ABC, "mp3");

        assertThat(path).isEqualTo(home.resolve("media").resolve("my-show").resolve("ba").resolve(ABC + ".mp3"));
        assertThat(paths.relativize(path)).isEqualTo("media/my-show/ba/" + ABC + ".mp3");
    }

    @Test
    void sidecarPathIsBelowTheShowsSidecarsFolder() {
        assertThat(paths.relativize(store.sidecarPath("my-show", ABC, "srt")))
                .isEqualTo("media/my-show/sidecars/" + ABC + ".srt");
    }

    @Test
    void mediaPathRefusesAShowThatLeavesTheStore() {
        assertThatThrownBy(() -> store.mediaPath("../../etc", ABC, "mp3"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void moveIntoCreatesParentsAndMoves() throws Exception {
        Path source = Files.writeString(paths.inbox().resolve("ep1.mp3"), "audio");
        Path target = store.mediaPath("show", ABC, "mp3");

        store.moveInto(source, target);

        assertThat(source).doesNotExist();
        assertThat(target).hasContent("audio");
    }

    @Test
    void withinRefusesPathsThatEscapeTheBase() {
        assertThatThrownBy(() -> paths.within(paths.media(), "../x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'../x' leaves");
        assertThatThrownBy(() -> paths.within(paths.media(), "a/../../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> paths.within(paths.media(), "/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> paths.within(paths.media(), ".")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> paths.within(paths.media(), "../media-other/x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withinAcceptsPathsThatStayInside() {
        assertThat(paths.within(paths.media(), "a/../b/c.mp3")).isEqualTo(paths.media().resolve("b/c.mp3"));
    }

    @Test
    void storedPathsRoundTripAndCannotEscapeHome() {
        Path target = store.mediaPath("show", ABC, "mp3");

        assertThat(paths.resolve(paths.relativize(target))).isEqualTo(target);
        assertThatThrownBy(() -> paths.resolve("../outside.mp3")).isInstanceOf(IllegalArgumentException.class);
    }
}
