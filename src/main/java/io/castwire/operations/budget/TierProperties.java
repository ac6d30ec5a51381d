package io.castwire.operations.budget;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code castwire.tiers.{free,pro,pro-plus}.*}: the subscription tiers and their limits. A show's
 * tier is stored on its row ({@code PUT /api/shows/{slug}/budget}); without one it has
 * {@code castwire.budget.default-tier}.
 */
@ConfigurationProperties(prefix = "castwire.tiers")
public class TierProperties {

    private Limits free = new Limits(60, false, 2, "5.00");
    private Limits pro = new Limits(180, true, 5, "50.00");
    private Limits proPlus = new Limits(600, true, 20, "250.00");

    /** The limits of one tier. */
    public static class Limits {
        /** Longest episode the tier processes. */
        private int maxEpisodeMinutes;
        /** Whether HD (above 720p) output is in the tier (estimate only, see docs/architecture.md). */
        private boolean hd;
        /** Most destinations an episode fans out to, the podcast feed not counted. */
        private int maxDestinations;
        /** Monthly budget of a show of this tier that has none of its own. */
        private BigDecimal monthlyBudget;

        public Limits() {
        }

        Limits(int maxEpisodeMinutes, boolean hd, int maxDestinations, String monthlyBudget) {
            this.maxEpisodeMinutes = maxEpisodeMinutes;
            this.hd = hd;
            this.maxDestinations = maxDestinations;
            this.monthlyBudget = new BigDecimal(monthlyBudget);
        }

        public int getMaxEpisodeMinutes() { return maxEpisodeMinutes; }
        public void setMaxEpisodeMinutes(int v) { this.maxEpisodeMinutes = v; }
        public boolean isHd() { return hd; }
        public void setHd(boolean v) { this.hd = v; }
        public int getMaxDestinations() { return maxDestinations; }
        public void setMaxDestinations(int v) { this.maxDestinations = v; }
        public BigDecimal getMonthlyBudget() { return monthlyBudget; }
        public void setMonthlyBudget(BigDecimal v) { this.monthlyBudget = v; }
    }

    public Limits getFree() { return free; }
    public void setFree(Limits v) { this.free = v; }
    public Limits getPro() { return pro; }
    public void setPro(Limits v) { this.pro = v; }
    public Limits getProPlus() { return proPlus; }
    public void setProPlus(Limits v) { this.proPlus = v; }
}
