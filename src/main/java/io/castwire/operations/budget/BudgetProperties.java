package io.castwire.operations.budget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** {@code castwire.budget.*}: how the budget guard counts, and the assumptions of estimates. */
@Validated
@ConfigurationProperties(prefix = "castwire.budget")
public class BudgetProperties {

    /** Tier of a show that has none set (free, pro or pro-plus). */
    @jakarta.validation.constraints.NotNull
    @jakarta.validation.constraints.Pattern(regexp = "free|pro|pro-plus", message = "must be free, pro or pro-plus")
    private String defaultTier = "pro";

    /**
     * How long an authorized, not yet recorded use keeps its money reserved. A step that dies between
     * authorize and record stops holding the show's budget after this.
     */
    @jakarta.validation.constraints.NotNull
    @io.castwire.common.Amount
    private Duration reservationTtl = Duration.ofHours(2);

    /** Characters a teaser is assumed to have in {@code POST /api/estimate}. */
    @jakarta.validation.constraints.Min(0)
    private int teaserCharacters = 300;

    /** LLM tokens (prompt and answer) an estimate assumes per minute of episode. */
    @jakarta.validation.constraints.Min(0)
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
