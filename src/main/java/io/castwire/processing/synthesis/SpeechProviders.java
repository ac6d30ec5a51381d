package io.castwire.processing.synthesis;

import io.castwire.publishing.delivery.Secrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Builds the configured chain of providers, in order; the local engine is chosen here once. */
@Component
public class SpeechProviders {

    private static final Logger LOG = LoggerFactory.getLogger(SpeechProviders.class);

    /** A provider with its configuration. */
    public record Configured(SynthesisProperties.Provider config, SpeechProvider provider) {
    }

    private final SynthesisProperties properties;
    private final Secrets secrets;
    private volatile List<Configured> chain;
    private FreeTtsProvider freetts;

    public SpeechProviders(SynthesisProperties properties, Secrets secrets) {
        this.properties = properties;
        this.secrets = secrets;
    }

    /** The chain in configured order (built on first use). */
    public List<Configured> chain() {
        List<Configured> c = chain;
        if (c == null) {
            synchronized (this) {
                if (chain == null) {
                    chain = build();
                }
                c = chain;
            }
        }
        return c;
    }

    private List<Configured> build() {
        List<Configured> list = new ArrayList<>();
        for (SynthesisProperties.Provider p : properties.getProviders()) {
            list.add(new Configured(p, create(p)));
        }
        LOG.info("Speech synthesis chain: {} then text-only",
                list.stream().map(c -> c.config().getName() + " (" + c.provider().name() + ")").toList());
        return List.copyOf(list);
    }

    private SpeechProvider create(SynthesisProperties.Provider p) {
        String type = p.getType() == null ? "" : p.getType().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "elevenlabs" -> new ElevenLabsProvider(p, secrets);
            case "azure" -> new AzureSpeechProvider(p, secrets);
            case "gemini" -> new GeminiSpeechProvider(p, secrets);
            case "openai" -> new OpenAiSpeechProvider(p, secrets);
            case "espeak-ng" -> new EspeakProvider(p, properties.getEspeakPath());
            case "freetts" -> freetts();
            case "local" -> local(p);
            default -> throw new IllegalStateException("castwire.synthesis.providers: unknown type '" + p.getType()
                    + "' (elevenlabs, azure, gemini, openai, local, espeak-ng, freetts)");
        };
    }

    private SpeechProvider local(SynthesisProperties.Provider p) {
        String engine = properties.getLocalEngine().toLowerCase(Locale.ROOT);
        if (engine.equals("freetts")) {
            return freetts();
        }
        if (engine.equals("espeak-ng") || EspeakProvider.available(properties.getEspeakPath())) {
            return new EspeakProvider(p, properties.getEspeakPath());
        }
        LOG.info("espeak-ng is not installed ({}): the local speech engine is FreeTTS", properties.getEspeakPath());
        return freetts();
    }

    private synchronized FreeTtsProvider freetts() {
        if (freetts == null) {
            freetts = new FreeTtsProvider();
        }
        return freetts;
    }
}
