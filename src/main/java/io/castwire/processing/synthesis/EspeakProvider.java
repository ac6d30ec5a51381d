package io.castwire.processing.synthesis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local espeak-ng engine, run as a process with an argument list. The text goes in on stdin
 * (never as an argument, where a leading '-' would read as an option) and the WAV is written with
 * {@code -w}; without {@code -m} espeak-ng reads no markup.
 */
class EspeakProvider implements SpeechProvider {

    private final SynthesisProperties.Provider config;
    private final String executable;

    EspeakProvider(SynthesisProperties.Provider config, String executable) {
        this.config = config;
        this.executable = executable;
    }

    /** True when {@code executable} runs. */
    static boolean available(String executable) {
        try {
            Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String name() {
        return "espeak-ng";
    }

    @Override
    public boolean paid() {
        return false;
    }

    @Override
    public void speak(String text, String voice, Path target) throws SpeechFailure {
        Path input = null;
        try {
            input = Files.createTempFile(target.getParent(), "espeak-", ".txt");
            Files.writeString(input, text, StandardCharsets.UTF_8);
            Process p = new ProcessBuilder(List.of(executable, "-v", config.voiceFor(voice, "en-us"), "-w",
                    target.toString())).redirectInput(input.toFile())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(config.getTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new SpeechFailure(SpeechFailure.Kind.TRANSIENT, "espeak-ng did not finish within " + config.getTimeout());
            }
            if (p.exitValue() != 0) {
                throw new SpeechFailure(SpeechFailure.Kind.UNAVAILABLE, "espeak-ng exited with " + p.exitValue());
            }
        } catch (IOException e) {
            throw new SpeechFailure(SpeechFailure.Kind.UNAVAILABLE, "espeak-ng could not run (" + e.getMessage() + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SpeechFailure(SpeechFailure.Kind.TRANSIENT, "interrupted while espeak-ng ran", e);
        } finally {
            if (input != null) {
                try {
                    Files.deleteIfExists(input);
                } catch (IOException ignored) {
                    // a work file; the storage cleanup sweeps work/
                }
            }
        }
    }
}
