package io.castwire.processing.synthesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.castwire.common.CastwireProperties;
import io.castwire.episode.ClipRepository;
import io.castwire.episode.Episode;
import io.castwire.episode.EpisodeState;
import io.castwire.episode.MediaInfo;
import io.castwire.operations.budget.BudgetExceededException;
import io.castwire.processing.synthesis.FakeSpeechApi.Reply;
import io.castwire.processing.synthesis.SynthesisRepository.Artifact;
import io.castwire.support.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The step's decisions: which shows, video not stitched, text-only recorded, the budget's refusal passed on. */
class SynthesisStepTest {

    private SpeechFixture fx;
    private SynthesisRepository repo;

    @BeforeEach
    void setUp() {
        fx = new SpeechFixture();
        repo = new SynthesisRepository(new NamedParameterJdbcTemplate(fx.db),
                new TransactionTemplate(new DataSourceTransactionManager(fx.db)), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    private SynthesisStep step() {
        NamedParameterJdbcTemplate jdbc = new NamedParameterJdbcTemplate(fx.db);
        return new SynthesisStep(fx.properties, new CastwireProperties(), fx.chain(), new Stitcher(fx.ffmpeg, fx.properties),
                repo, new ClipRepository(jdbc, Clock.systemUTC()), fx.paths, new ObjectMapper());
    }

    private Episode episode(long id, String kind, Path media) throws Exception {
        Path stored = fx.paths.media().resolve("store/" + media.getFileName());
        Files.createDirectories(stored.getParent());
        Files.copy(media, stored);
        MediaInfo info = new MediaInfo(kind, "mp3", 3000L, "mp3", kind.equals(MediaInfo.VIDEO) ? "h264" : null, 24000, 1,
                null, null, 64);
        return new Episode(id, 1, "step-show", "talk.mp3", "talk", 1, EpisodeState.PROCESSING, null, "hash-" + id,
                Files.size(stored), fx.paths.relativize(stored), info, "A Title", null, null, null, null, 0, 1, null,
                Instant.now(), Instant.now(), null, null);
    }

    private void localOnly() {
        fx.provider("local", "local", "").setApiKeyEnv("");
    }

    @Test
    void showsNotSelectedAreLeftAlone() throws Exception {
        localOnly();
        fx.properties.setShows(List.of("other-*"));

        assertThat(step().run(episode(1, MediaInfo.AUDIO, TestMedia.mp3(3)))).contains("not configured for this show");
        assertThat(repo.ofEpisode(1)).isEmpty();
    }

    @Test
    void anAudioEpisodeIsStitchedAndEveryPartRecorded() throws Exception {
        localOnly();

        String line = step().run(episode(2, MediaInfo.AUDIO, TestMedia.mp3(3)));

        assertThat(line).contains("intro by").contains("outro by").contains("stitched to -16.0 LUFS");
        List<Artifact> made = repo.ofEpisode(2);
        assertThat(made).extracting(Artifact::kind).containsExactly("intro", "outro", "stitched");
        assertThat(made.get(0).text()).isEqualTo("Welcome to step-show. This is A Title.");
        assertThat(fx.paths.home().resolve(made.get(2).mediaPath())).exists();
    }

    @Test
    void aVideoEpisodeGetsIntroAndOutroButIsNotStitched() throws Exception {
        localOnly();

        String line = step().run(episode(3, MediaInfo.VIDEO, TestMedia.mp3(3)));

        assertThat(line).contains("not stitched: video episodes are not stitched");
        List<Artifact> made = repo.ofEpisode(3);
        assertThat(made).filteredOn(a -> a.kind().equals("intro")).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(SynthesisRepository.SYNTHESIZED));
        assertThat(made).filteredOn(a -> a.kind().equals("stitched")).singleElement()
                .satisfies(a -> assertThat(a.status()).isEqualTo(SynthesisRepository.SKIPPED));
    }

    @Test
    void whenNoProviderSpeaksTheEpisodeGoesOnTextOnlyWithTheReason() throws Exception {
        try (FakeSpeechApi api = new FakeSpeechApi(Reply.error(401, "bad key"))) {
            fx.provider("cloud", "openai", api.baseUrl());

            String line = step().run(episode(4, MediaInfo.AUDIO, TestMedia.mp3(3)));

            assertThat(line).contains("intro text-only").contains("not stitched: no intro or outro audio");
            assertThat(repo.ofEpisode(4)).filteredOn(a -> a.kind().equals("intro")).singleElement().satisfies(a -> {
                assertThat(a.status()).isEqualTo(SynthesisRepository.TEXT_ONLY);
                assertThat(a.provider()).isNull();
                assertThat(a.reason()).contains("cloud: ").contains("HTTP 401");
            });
        }
    }

    @Test
    void anExceededBudgetLeavesTheStepUnchanged() throws Exception {
        try (FakeSpeechApi api = new FakeSpeechApi(Reply.audio("audio/wav", SpeechFixture.wav(3)))) {
            fx.provider("cloud", "openai", api.baseUrl());
            localOnly();
            fx.overBudget = true;
            SynthesisStep step = step();
            Episode e = episode(5, MediaInfo.AUDIO, TestMedia.mp3(3));

            assertThatThrownBy(() -> step.run(e)).isInstanceOf(BudgetExceededException.class);
            assertThat(api.requests()).isZero();
            assertThat(repo.ofEpisode(5)).isEmpty();
        }
    }
}
