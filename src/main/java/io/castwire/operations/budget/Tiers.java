package io.castwire.operations.budget;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The subscription tiers by name ({@code free}, {@code pro}, {@code pro-plus}). */
@Component
public class Tiers {

    public static final List<String> NAMES = List.of("free", "pro", "pro-plus");

    private final TierProperties properties;
    private final String defaultTier;

    public Tiers(TierProperties properties, BudgetProperties budget) {
        this.properties = properties;
        this.defaultTier = budget.getDefaultTier();
        limits(defaultTier);
        for (String name : NAMES) {
            TierProperties.Limits l = limits(name);
            if (l.getMonthlyBudget() == null || l.getMonthlyBudget().signum() < 0 || l.getMaxEpisodeMinutes() < 1
                    || l.getMaxDestinations() < 0) {
                throw new IllegalArgumentException("castwire.tiers." + name + ": monthly-budget must be 0 or more, "
                        + "max-episode-minutes 1 or more and max-destinations 0 or more");
            }
        }
    }

    /** The tier a show without its own has. */
    public String defaultTier() {
        return defaultTier;
    }

    /**
     * The limits of a tier.
     *
     * @throws IllegalArgumentException for an unknown tier name
     */
    public TierProperties.Limits limits(String name) {
        if (name == null) {
            return limits(defaultTier);
        }
        return switch (name) {
            case "free" -> properties.getFree();
            case "pro" -> properties.getPro();
            case "pro-plus" -> properties.getProPlus();
            default -> throw new IllegalArgumentException("unknown tier '" + name + "' (tiers: " + NAMES + ")");
        };
    }

    /** The limits as the API shows them. */
    public Map<String, Object> view(String name) {
        TierProperties.Limits l = limits(name);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("maxEpisodeMinutes", l.getMaxEpisodeMinutes());
        m.put("hd", l.isHd());
        m.put("maxDestinations", l.getMaxDestinations());
        m.put("monthlyBudget", l.getMonthlyBudget());
        return m;
    }
}
