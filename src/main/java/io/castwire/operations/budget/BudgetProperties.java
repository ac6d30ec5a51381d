package io.castwire.operations.budget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code castwire.budget.*}: how the budget guard counts, and the assumptions of estimates. */
@ConfigurationProperties(prefix = "castwire.budget")
public class BudgetProperties {

    /** Tier of a show that has none set (free, pro or pro-plus). */
    private String defaultTier = "pro";

    /**
     * How long an authorized, not yet recorded use keeps its money reserved. A step that dies between
     * authorize and record stops holding the show's budget after this.
     */
    private Duration reservationTtl = Duration.ofHours(2);

    /** Characters a teaser is assumed to have in {@code POST /api/estimate}. */
    private int teaserCharacters = 300;

    /** LLM tokens (prompt and answer) an estimate assumes per minute of episode. */
    private int llmTokensPerMinute = 250;

    public String getDefaultTier() { return defaultTier; }
    public void setDefaultTier(String v) { this.defaultTier = v; }
    public Duration getReservationTtl() { return reservationTtl; }
    public void setReservationTtl(Duration v) { this.reservationTtl = v; }
    public int getTeaserCharacters() { return teaserCharacters; }
    public void setTeaserCharacters(int v) { this.teaserCharacters = v; }
    public int getLlmTokensPerMinute() { return llmTokensPerMinute; }
    public void setLlmTokensPerMinute(int v) { this.llmTokensPerMinute = v; }
}
