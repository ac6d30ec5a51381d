package io.castwire.processing.synthesis;

import java.nio.file.Path;

/** One text-to-speech engine of the chain: a cloud API or a local engine. */
public interface SpeechProvider {

    /** The configured name, recorded on every result it produces. */
    String name();

    /** True for providers that cost money: their calls go through the budget. */
    boolean paid();

    /**
     * Speaks {@code text} into {@code target} (any audio format ffmpeg decodes).
     *
     * @param text  plain, validated text (no markup)
     * @param voice the provider-independent voice name; the provider maps it to its own voice
     * @throws SpeechFailure why no audio was written; its kind decides retry or next provider
     */
    void speak(String text, String voice, Path target) throws SpeechFailure;
}
