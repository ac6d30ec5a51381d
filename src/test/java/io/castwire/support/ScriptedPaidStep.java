package io.castwire.support;

import io.castwire.episode.Episode;
import io.castwire.operations.budget.Budget;
import io.castwire.operations.budget.PaidUse;
import io.castwire.processing.ProcessingStep;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A paid processing step in the shared test context, for shows whose slug starts with
 * {@value #SHOWS} only: it asks the real budget guard for {@value #CHARACTERS} characters of the
 * {@value #PROVIDER} voice (priced by HubTest at 0.40 per 1,000, so 400.00) and records them, the way
 * a cloud speech step does.
 */
public class ScriptedPaidStep implements ProcessingStep {

    public static final String SHOWS = "budget-flow";
    public static final String PROVIDER = "test-voice";
    public static final int CHARACTERS = 1_000_000;

    @Autowired
    private Budget budget;

    @Override
    public String name() {
        return "scripted-voice";
    }

    @Override
    public int order() {
        return 15;
    }

    @Override
    public String run(Episode episode) {
        if (!episode.showSlug().startsWith(SHOWS)) {
            return "not a budget test show";
        }
        PaidUse use = new PaidUse(name(), "tts-characters", PROVIDER, CHARACTERS);
        budget.authorize(episode.id(), use);
        budget.record(episode.id(), use);
        return "spoke " + CHARACTERS + " characters";
    }
}
