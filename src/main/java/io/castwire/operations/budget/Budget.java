package io.castwire.operations.budget;

/**
 * The budget guard every paid step goes through (transcription, speech synthesis, LLM metadata,
 * YouTube uploads, storage and egress). A step asks {@link #authorize} before it spends and calls
 * {@link #record} with what it actually used once it has; the price of a {@link PaidUse} comes from
 * the price table in configuration ({@code castwire.pricing.*}).
 */
public interface Budget {

    /**
     * Checks that the show of {@code episodeId} can afford {@code use} this month.
     *
     * @throws BudgetExceededException when it cannot: the step must not run
     */
    void authorize(long episodeId, PaidUse use);

    /** Records what a step actually used (priced from the table) on the spend ledger. */
    void record(long episodeId, PaidUse use);

    /**
     * Gives back what {@link #authorize} reserved for a use that will not happen after all (the
     * service refused the work). A reservation nobody settles or releases expires on its own.
     */
    default void release(long episodeId, PaidUse use) {
    }
}
