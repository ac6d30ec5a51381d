package io.castwire.operations.budget;

/**
 * An episode goes beyond its show's tier (longer than its max-episode-minutes, more destinations than
 * its max-destinations). Blocks like the budget does: a higher tier resumes it.
 */
public class TierLimitException extends BudgetExceededException {

    public TierLimitException(String show, String message) {
        super(show, message);
    }
}
