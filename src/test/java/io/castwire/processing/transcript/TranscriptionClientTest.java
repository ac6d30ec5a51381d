package io.castwire.processing.transcript;

import static io.castwire.processing.transcript.FakeTranscriptionService.Reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.castwire.common.CastwireProperties;
import io.castwire.common.HubPaths;
import io.castwire.processing.probe.Ffmpeg;
import io.castwire.support.TestMedia;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.springframework.util.unit.DataSize;

/** The client against a fake that follows OpenAI's documented contract for /v1/audio/transcriptions. */
class TranscriptionClientTest {

    private static final String KEY = "sk-test-4f9c2b7e1d0a";
    private static Path mp3;

    @TempDir
    Path home;
    private FakeTranscriptionService fake;
    private TranscriptionProperties properties;
    private HubPaths paths;

    @BeforeAll
    static void media() {
        mp3 = TestMedia.mp3(3);
    }

    @BeforeEach
    void setUp() throws IOException {
        fake = new FakeTranscriptionService(KEY);
        properties = new TranscriptionProperties();
        properties.setUrl(fake.baseUrl());
        properties.setApiKey(KEY);
        CastwireProperties hub = new CastwireProperties();
        hub.setHome(home);
        paths = new HubPaths(hub);
    }

    @AfterEach
    void tearDown() throws IOException {
        fake.close();
        try (Stream<Path> left = Files.list(paths.work())) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("work files are removed whatever happened").noneMatch(n -> n.startsWith("transcription-"));
        }
    }

    private TranscriptionClient client() {
        return new TranscriptionClient(properties, new TranscriptParser(), TestMedia.ffmpeg(), paths, Clock.systemUTC());
    }

    private TranscriptionException failure(Path media) {
        return catchThrowableOfType(() -> client().transcribe(media), TranscriptionException.class);
    }

    @Test
    void uploadsTheMediaAsMultipartFormDataAndReadsTheVerboseJsonSegments() throws Exception {
        Transcript t = client().transcribe(mp3);

        assertThat(t.segments()).containsExactly(
                new TranscriptSegment(0, 0, 2_500, "Hello", null),
                new TranscriptSegment(1, 2_500, 5_200, "and welcome to the show.", null));
        assertThat(t.format()).isEqualTo(TranscriptFormat.WHISPER_JSON);
        assertThat(fake.rejections()).isEmpty();
        FakeTranscriptionService.Received r = fake.received().get(0);
        assertThat(r.fileSha256()).as("the file part is the media, byte for byte").isEqualTo(FakeTranscriptionService.sha256(mp3));
        assertThat(r.fileName()).isEqualTo("audio.mp3");
        assertThat(r.fileType()).isEqualTo("audio/mpeg");
        assertThat(r.authorization()).isEqualTo("Bearer " + KEY);
        assertThat(r.fields()).containsEntry("model", "whisper-1").containsEntry("response_format", "verbose_json")
                .containsEntry("timestamp_granularities[]", "segment").doesNotContainKey("language");
    }

    @Test
    void sendsTheConfiguredModelAndLanguage() throws Exception {
        properties.setModel("Systran/faster-whisper-small");
        properties.setLanguage("de");
        client().transcribe(mp3);
        assertThat(fake.received().get(0).fields()).containsEntry("model", "Systran/faster-whisper-small")
                .containsEntry("language", "de");
    }

    @Test
    void sendsNoAuthorizationWhenNoKeyIsSet() throws Exception {
        fake.close();
        fake = new FakeTranscriptionService(null);
        properties.setUrl(fake.baseUrl());
        properties.setApiKey("");
        client().transcribe(mp3);
        assertThat(fake.received().get(0).authorization()).isNull();
    }

    @Test
    void readsAWhisperCppStyleAnswer() throws Exception {
        fake.answer(Reply.of(200, Files.readString(TranscriptFiles.fixture("whisper-cpp.transcript.json"))));
        Transcript t = client().transcribe(mp3);
        assertThat(t.segments()).extracting(TranscriptSegment::text)
                .containsExactly("And so my fellow Americans,", "ask not what your country can do for you.");
        assertThat(t.segments().get(1).endMillis()).isEqualTo(11_000);
    }

    @Test
    void aRefusedKeyIsPermanentAndTheKeyIsNotRepeated() {
        properties.setApiKey("sk-wrong-77aa31c0");
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessage("the transcription service refused the API key (HTTP 401); check CASTWIRE_TRANSCRIPTION_API_KEY");
        assertThat(e.getMessage()).doesNotContain("sk-wrong-77aa31c0");
    }

    @Test
    void aForbiddenAnswerIsAlsoARefusedKey() {
        fake.answer(Reply.of(403, FakeTranscriptionService.error("Project does not have access to model whisper-1",
                "invalid_request_error", null, "model_not_found")));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessageStartingWith("the transcription service refused the API key (HTTP 403)");
    }

    @Test
    void anOverloadedServiceIsRetryable() {
        fake.answer(Reply.of(503, FakeTranscriptionService.error("The server is overloaded or not ready yet.",
                "server_error", null, null)));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isFalse();
        assertThat(e.retryAfter()).isEmpty();
        assertThat(e).hasMessage("the transcription service at " + fake.hostAndPort()
                + " answered HTTP 503: 'The server is overloaded or not ready yet.'");
    }

    @Test
    void aRateLimitIsRetryableAndCarriesRetryAfter() {
        fake.answer(Reply.of(429, FakeTranscriptionService.error("Rate limit reached for requests", "requests",
                null, "rate_limit_exceeded")).withHeader("Retry-After", "7"));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isFalse();
        assertThat(e.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(e.getMessage()).contains("HTTP 429").endsWith("it asked to retry after 7 s");
    }

    @Test
    void anExhaustedQuotaIsPermanent() {
        fake.answer(Reply.of(429, FakeTranscriptionService.error("You exceeded your current quota, please check your plan"
                + " and billing details.", "insufficient_quota", null, "insufficient_quota")));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).contains("no quota left");
    }

    @Test
    void aBadRequestIsPermanentAndSaysWhatTheServiceSaid() {
        fake.answer(Reply.of(400, FakeTranscriptionService.error("Invalid file format. Supported formats: ['flac', 'mp3']",
                "invalid_request_error", null, null)));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessage("the transcription service at " + fake.hostAndPort()
                + " rejected the request (HTTP 400: 'Invalid file format. Supported formats: ['flac', 'mp3']')");
    }

    @Test
    void aWrongPathIsPermanentAndPointsAtTheSetting() {
        properties.setUrl(fake.baseUrl() + "/nowhere/v1");
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).contains("/nowhere/v1/audio/transcriptions (HTTP 404)").contains("castwire.transcription.url");
    }

    @Test
    void anAnswerThatIsNotJsonIsPermanentWithTheParseMessage() {
        fake.answer(Reply.of(200, "Hello and welcome to the show."));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).startsWith("the transcription service's answer is not a usable transcript: ")
                .contains("the JSON is malformed");
    }

    @Test
    void anAnswerWithoutSegmentsIsPermanent() {
        fake.answer(Reply.of(200, "{\"task\":\"transcribe\",\"language\":\"english\",\"duration\":3.0,\"text\":\"\",\"segments\":[]}"));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).contains("contains no captions/segments");
    }

    @Test
    void aSuccessfulStatusThatCarriesAnErrorSaysTheError() {
        // whisper.cpp's server answers some failures with 200 and {"error": ...}
        fake.answer(Reply.of(200, "{\"error\":\"failed to read audio data\"}"));
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessage("the transcription service's answer is not a usable transcript: it says 'failed to read audio data'");
    }

    @Test
    void aStalledServiceTimesOutAsRetryable() {
        properties.setTimeout(Duration.ofMillis(400));
        fake.stall();
        AtomicInteger beats = new AtomicInteger();
        TranscriptionException e = catchThrowableOfType(
                () -> client().transcribe(mp3, Duration.ofMillis(50), beats::incrementAndGet), TranscriptionException.class);
        assertThat(e.permanent()).isFalse();
        assertThat(e).hasMessage("no answer from the transcription service at " + fake.hostAndPort()
                + " within castwire.transcription.timeout (PT0.4S)");
        assertThat(beats.get()).as("the caller heard from the client while it waited").isPositive();
    }

    @Test
    void aLongTranscriptionReportsProgressUntilTheAnswerComes() throws Exception {
        CountDownLatch threeBeats = new CountDownLatch(3);
        fake.answer(Reply.of(200, FakeTranscriptionService.verboseJson()).after(threeBeats));
        Transcript t = client().transcribe(mp3, Duration.ofMillis(20), threeBeats::countDown);
        assertThat(t.segments()).hasSize(2);
        assertThat(threeBeats.getCount()).isZero();
    }

    @Test
    void anUnreachableServiceIsRetryable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        properties.setUrl("http://127.0.0.1:" + port);
        TranscriptionException e = failure(mp3);
        assertThat(e.permanent()).isFalse();
        assertThat(e.getMessage()).startsWith("cannot reach the transcription service at 127.0.0.1:" + port);
    }

    @Test
    void mediaOverTheUploadLimitIsSentAsReducedMonoAudio() throws Exception {
        Path long20s = TestMedia.mp3(20);
        long limit = DataSize.ofKilobytes(100).toBytes();
        assertThat(Files.size(long20s)).isGreaterThan(limit);
        properties.setMaxUploadSize(DataSize.ofKilobytes(100));

        Transcript t = client().transcribe(long20s);

        assertThat(t.segments()).hasSize(2);
        FakeTranscriptionService.Received r = fake.received().get(0);
        assertThat(r.fileSha256()).isNotEqualTo(FakeTranscriptionService.sha256(long20s));
        assertThat((long) r.file().length).isPositive().isLessThanOrEqualTo(limit);
        assertThat(r.fileName()).isEqualTo("audio.mp3");
        assertThat(probe(r.file())).contains("Audio: mp3").contains("16000 Hz, mono");
    }

    @Test
    void mediaTooLargeEvenWhenReducedIsPermanentAndNothingIsSent() throws Exception {
        properties.setMaxUploadSize(DataSize.ofKilobytes(10));
        TranscriptionException e = failure(TestMedia.mp3(20));
        assertThat(e.permanent()).isTrue();
        assertThat(e.getMessage()).startsWith("the audio is too large for the transcription service even as mono 16 kHz 32 kb/s MP3: ")
                .endsWith("above castwire.transcription.max-upload-size (10.0 KB)");
        assertThat(fake.requests()).isZero();
    }

    @Test
    void videoIsSentAsItsAudioTrackOnly() throws Exception {
        Path video = TestMedia.mp4(2);
        client().transcribe(video);
        FakeTranscriptionService.Received r = fake.received().get(0);
        assertThat(r.fileName()).isEqualTo("audio.mp3");
        assertThat(r.fileType()).isEqualTo("audio/mpeg");
        assertThat(probe(r.file())).contains("Audio: mp3").doesNotContain("Video:");
    }

    @Test
    void mediaWithoutAudioIsPermanentAndNothingIsSent() {
        TranscriptionException e = failure(TestMedia.silentMp4(2));
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessage("could not extract the audio for transcription: the media has no audio track");
        assertThat(fake.requests()).isZero();
    }

    @Test
    void mediaFfmpegCannotReadIsPermanentWithFfmpegsReason() throws IOException {
        Path broken = Files.writeString(home.resolve("broken.mkv"), "this is not a Matroska file");
        TranscriptionException e = failure(broken);
        assertThat(e.permanent()).isTrue();
        assertThat(e).hasMessage("could not extract the audio for transcription: broken.mkv: Invalid data found when processing input");
        assertThat(fake.requests()).isZero();
    }

    @Test
    void theApiKeyNeverReachesALogLineOrAMessage() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        List<String> messages = new ArrayList<>();
        try {
            client().transcribe(mp3);
            fake.answer(Reply.of(500, FakeTranscriptionService.error("internal error for key " + KEY, "server_error", null, null)));
            messages.add(failure(mp3).getMessage());
            fake.answer(Reply.of(400, FakeTranscriptionService.error("bad request from " + KEY, "invalid_request_error", null, null)));
            messages.add(failure(mp3).getMessage());
            properties.setApiKey("sk-other-0b1c2d3e4f");
            messages.add(failure(mp3).getMessage());
        } finally {
            root.detachAppender(logs);
        }
        assertThat(messages).hasSize(3).allSatisfy(m -> assertThat(m).doesNotContain(KEY).doesNotContain("sk-other-0b1c2d3e4f"));
        assertThat(messages.get(0)).contains("internal error for key ***");
        assertThat(logs.list).isNotEmpty().allSatisfy(event -> {
            assertThat(event.getFormattedMessage()).doesNotContain(KEY).doesNotContain("sk-other");
            for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(KEY).doesNotContain("sk-other");
            }
        });
        assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                .anyMatch(m -> m.matches("The transcription service at .* answered HTTP 200 with \\d+ bytes after \\d+ ms"));
    }

    private static String probe(byte[] audio) throws IOException {
        Path file = Files.createTempFile(Path.of("target"), "received-", ".mp3");
        try {
            Files.write(file, audio);
            Ffmpeg.Result r = TestMedia.ffmpeg().run(List.of("-hide_banner", "-nostdin", "-i", file.toString()));
            return r.stderr();
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
