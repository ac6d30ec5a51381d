package io.castwire.processing.synthesis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code castwire.synthesis.*}: the text-to-speech provider chain and what it speaks (intro, outro,
 * clip teasers). Providers are tried in the listed order; text-only always ends the chain. The
 * default chain is the local engine only, so the embedded run needs no key.
 * <p>
 * No {@code toString}: only names of environment variables are configured here, never keys.
 */
@ConfigurationProperties(prefix = "castwire.synthesis")
public class SynthesisProperties {

    /** Runs the synthesis step at all. */
    private boolean enabled = true;

    /** Shows the step runs for: slugs, a trailing {@code *} matches a prefix; {@code *} is every show. */
    private List<String> shows = new ArrayList<>(List.of("*"));

    /** The providers in order; text-only follows the last one. */
    private List<Provider> providers = new ArrayList<>(List.of(Provider.local()));

    /** Provider-independent voice names a request may use; each provider maps them to its own voice. */
    private List<String> voices = new ArrayList<>(List.of("narrator"));

    /** The voice used when a show names none. */
    private String voice = "narrator";

    /** Longest text sent to a provider, in characters (after whitespace is collapsed). */
    private int maxCharacters = 1000;

    /**
     * Fastest plausible speech, in characters per second: audio shorter than text length / this is
     * rejected as too short (a provider that answered with a click or silence stub).
     */
    private double maxCharactersPerSecond = 40;

    /** Retries of a transient provider error (5xx, timeout, connection) before the next provider. */
    private int retries = 1;

    /** Wait before a retry of a transient error. */
    private Duration retryDelay = Duration.ofMillis(500);

    /** Local engine: {@code auto} (espeak-ng when on PATH, else FreeTTS), {@code espeak-ng} or {@code freetts}. */
    private String localEngine = "auto";

    /** The espeak-ng executable (a name looked up on PATH, or a path). */
    private String espeakPath = "espeak-ng";

    /** Templates and voice per show, and the {@code default} for shows not listed. */
    private Map<String, ShowTemplates> templates = new LinkedHashMap<>(Map.of("default", new ShowTemplates()));

    private Teasers teasers = new Teasers();

    private Stitching stitching = new Stitching();

    /** True when the step runs for this show. */
    public boolean appliesTo(String show) {
        if (!enabled) {
            return false;
        }
        for (String s : shows) {
            String p = s.strip();
            if (p.equals("*") || p.equals(show) || (p.endsWith("*") && show.startsWith(p.substring(0, p.length() - 1)))) {
                return true;
            }
        }
        return false;
    }

    static final String DEFAULT_INTRO = "Welcome to {{show}}. This is {{title}}.";
    static final String DEFAULT_OUTRO = "That was {{title}}, from {{show}}. Thanks for listening.";
    static final String DEFAULT_TEASER = "Coming up on {{show}}: {{clip}}";

    /** The templates of a show, falling back field by field to {@code default}, then to the built-in ones. */
    public ShowTemplates templatesOf(String show) {
        ShowTemplates fallback = templates.getOrDefault("default", new ShowTemplates());
        ShowTemplates own = templates.getOrDefault(show, fallback);
        ShowTemplates merged = new ShowTemplates();
        merged.setIntro(first(own.getIntro(), fallback.getIntro(), DEFAULT_INTRO));
        merged.setOutro(first(own.getOutro(), fallback.getOutro(), DEFAULT_OUTRO));
        merged.setTeaser(first(own.getTeaser(), fallback.getTeaser(), DEFAULT_TEASER));
        merged.setVoice(first(own.getVoice(), fallback.getVoice(), voice));
        return merged;
    }

    private static String first(String... values) {
        for (String v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    /** One provider of the chain. */
    public static class Provider {
        /** Name in results, circuits and the budget ledger (defaults to the type). */
        private String name;
        /** {@code elevenlabs}, {@code azure}, {@code gemini}, {@code openai}, {@code local}, {@code espeak-ng}, {@code freetts}. */
        private String type;
        /** API base URL; empty takes the provider's public endpoint. */
        private String baseUrl = "";
        /** Environment variable holding the API key (cloud providers). */
        private String apiKeyEnv = "";
        /** The provider's voice for voices not in {@link #voices}. */
        private String voice = "";
        /** Provider-independent voice name to the provider's voice id. */
        private Map<String, String> voices = new LinkedHashMap<>();
        /** Model (OpenAI, Gemini, ElevenLabs model_id); empty takes the provider's default. */
        private String model = "";
        /** Longest wait for one answer. */
        private Duration timeout = Duration.ofSeconds(30);
        private Circuit circuit = new Circuit();

        static Provider local() {
            Provider p = new Provider();
            p.setName("local");
            p.setType("local");
            return p;
        }

        /** The provider's voice id for a provider-independent voice name. */
        public String voiceFor(String name, String fallback) {
            String v = voices.get(name);
            if (v != null && !v.isBlank()) {
                return v;
            }
            return voice != null && !voice.isBlank() ? voice : fallback;
        }

        public String getName() { return name != null && !name.isBlank() ? name : type; }
        public void setName(String name) { this.name = name; }
        public String getType() { return type; }
        public void setType(String type) { this.type = type; }
        public String getBaseUrl() { return baseUrl; }
        public void setBaseUrl(String baseUrl) { this.baseUrl = baseUrl; }
        public String getApiKeyEnv() { return apiKeyEnv; }
        public void setApiKeyEnv(String apiKeyEnv) { this.apiKeyEnv = apiKeyEnv; }
        public String getVoice() { return voice; }
        public void setVoice(String voice) { this.voice = voice; }
        public Map<String, String> getVoices() { return voices; }
        public void setVoices(Map<String, String> voices) { this.voices = voices; }
        public String getModel() { return model; }
        public void setModel(String model) { this.model = model; }
        public Duration getTimeout() { return timeout; }
        public void setTimeout(Duration timeout) { this.timeout = timeout; }
        public Circuit getCircuit() { return circuit; }
        public void setCircuit(Circuit circuit) { this.circuit = circuit; }
    }

    /** A provider's circuit breaker (Resilience4j, count-based window). */
    public static class Circuit {
        private float failureRateThreshold = 50;
        private int minimumCalls = 4;
        private int slidingWindow = 10;
        private Duration waitInOpen = Duration.ofMinutes(2);
        private int halfOpenCalls = 1;

        public float getFailureRateThreshold() { return failureRateThreshold; }
        public void setFailureRateThreshold(float v) { this.failureRateThreshold = v; }
        public int getMinimumCalls() { return minimumCalls; }
        public void setMinimumCalls(int v) { this.minimumCalls = v; }
        public int getSlidingWindow() { return slidingWindow; }
        public void setSlidingWindow(int v) { this.slidingWindow = v; }
        public Duration getWaitInOpen() { return waitInOpen; }
        public void setWaitInOpen(Duration v) { this.waitInOpen = v; }
        public int getHalfOpenCalls() { return halfOpenCalls; }
        public void setHalfOpenCalls(int v) { this.halfOpenCalls = v; }
    }

    /**
     * What a show's intro, outro and teasers say ({@code {{show}}}, {@code {{title}}}, {@code {{clip}}});
     * an empty template means that part is not made.
     */
    public static class ShowTemplates {
        private String intro;
        private String outro;
        private String teaser;
        private String voice;

        public ShowTemplates() {
        }

        public String getIntro() { return intro; }
        public void setIntro(String intro) { this.intro = intro; }
        public String getOutro() { return outro; }
        public void setOutro(String outro) { this.outro = outro; }
        public String getTeaser() { return teaser; }
        public void setTeaser(String teaser) { this.teaser = teaser; }
        public String getVoice() { return voice; }
        public void setVoice(String voice) { this.voice = voice; }
    }

    /** Spoken teasers for the top clips. */
    public static class Teasers {
        /** How many of the first clip profile's top clips get a teaser (0: none). */
        private int count = 3;

        public int getCount() { return count; }
        public void setCount(int count) { this.count = count; }
    }

    /** Intro + episode + outro, loudness-matched. */
    public static class Stitching {
        /** Stitch audio episodes at all. */
        private boolean enabled = true;
        /** Integrated loudness target (LUFS); -16 is the podcast norm. */
        private double loudness = -16;
        /** Highest true peak (dBTP). */
        private double truePeak = -1.5;
        /** Loudness range target (LU). */
        private double loudnessRange = 11;
        /**
         * Measure first, then normalize with one linear gain (two ffmpeg passes): hits the target within
         * a few tenths of a LU; one pass (dynamic mode) is faster but lands about 1 LU off.
         */
        private boolean twoPass = true;
        /** MP3 bit rate of the stitched file. */
        private String bitrate = "128k";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public double getLoudness() { return loudness; }
        public void setLoudness(double loudness) { this.loudness = loudness; }
        public double getTruePeak() { return truePeak; }
        public void setTruePeak(double truePeak) { this.truePeak = truePeak; }
        public double getLoudnessRange() { return loudnessRange; }
        public void setLoudnessRange(double loudnessRange) { this.loudnessRange = loudnessRange; }
        public boolean isTwoPass() { return twoPass; }
        public void setTwoPass(boolean twoPass) { this.twoPass = twoPass; }
        public String getBitrate() { return bitrate; }
        public void setBitrate(String bitrate) { this.bitrate = bitrate; }
    }

    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
    public List<String> getShows() { return shows; }
    public void setShows(List<String> shows) { this.shows = shows; }
    public List<Provider> getProviders() { return providers; }
    public void setProviders(List<Provider> providers) { this.providers = providers; }
    public List<String> getVoices() { return voices; }
    public void setVoices(List<String> voices) { this.voices = voices; }
    public String getVoice() { return voice; }
    public void setVoice(String voice) { this.voice = voice; }
    public int getMaxCharacters() { return maxCharacters; }
    public void setMaxCharacters(int maxCharacters) { this.maxCharacters = maxCharacters; }
    public double getMaxCharactersPerSecond() { return maxCharactersPerSecond; }
    public void setMaxCharactersPerSecond(double v) { this.maxCharactersPerSecond = v; }
    public int getRetries() { return retries; }
    public void setRetries(int retries) { this.retries = retries; }
    public Duration getRetryDelay() { return retryDelay; }
    public void setRetryDelay(Duration retryDelay) { this.retryDelay = retryDelay; }
    public String getLocalEngine() { return localEngine; }
    public void setLocalEngine(String localEngine) { this.localEngine = localEngine; }
    public String getEspeakPath() { return espeakPath; }
    public void setEspeakPath(String espeakPath) { this.espeakPath = espeakPath; }
    public Map<String, ShowTemplates> getTemplates() { return templates; }
    public void setTemplates(Map<String, ShowTemplates> templates) { this.templates = templates; }
    public Teasers getTeasers() { return teasers; }
    public void setTeasers(Teasers teasers) { this.teasers = teasers; }
    public Stitching getStitching() { return stitching; }
    public void setStitching(Stitching stitching) { this.stitching = stitching; }
}
