package io.castwire.operations.budget;

import io.castwire.common.NotFoundException;
import io.castwire.episode.ShowRepository;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** A show's tier, budget and spend as admins see and change them ({@link BudgetResource}). */
@Component
public class ShowBudgets {

    /** Largest monthly budget accepted. */
    static final BigDecimal MAX_BUDGET = new BigDecimal("1000000000");

    /**
     * A change: {@code tier} and {@code monthlyBudget} are applied when {@code set}; null resets one
     * to its default (the default tier, the tier's budget).
     */
    public record Change(boolean setTier, String tier, boolean setBudget, BigDecimal monthlyBudget) {
    }

    private final SpendLedger ledger;
    private final ShowRepository shows;
    private final LedgerBudget budget;
    private final BudgetBlocks blocks;
    private final Tiers tiers;
    private final TransactionTemplate tx;
    private final Clock clock;

    public ShowBudgets(SpendLedger ledger, ShowRepository shows, LedgerBudget budget, BudgetBlocks blocks, Tiers tiers,
                       TransactionTemplate tx, Clock clock) {
        this.ledger = ledger;
        this.shows = shows;
        this.budget = budget;
        this.blocks = blocks;
        this.tiers = tiers;
        this.tx = tx;
        this.clock = clock;
    }

    private SpendLedger.ShowRow show(String slug) {
        return ledger.show(slug).orElseThrow(() -> new NotFoundException("no show " + slug));
    }

    /** The show's tier with its limits and this month's budget, spend and what is left. */
    public Map<String, Object> status(String slug) {
        return view(budget.status(show(slug)));
    }

    /**
     * Applies a change under the show's row lock. When the show then has money left, its
     * BLOCKED_BUDGET episodes go back to RECEIVED and its publications the budget held back are
     * due now; they are checked again when they run.
     *
     * @throws IllegalArgumentException for an unknown tier or a negative or too large budget
     */
    public Map<String, Object> update(String slug, Change change, String who) {
        if (change.setTier() && change.tier() != null) {
            tiers.limits(change.tier());
        }
        if (change.setBudget() && change.monthlyBudget() != null) {
            BigDecimal b = change.monthlyBudget();
            if (b.signum() < 0 || b.compareTo(MAX_BUDGET) > 0 || b.stripTrailingZeros().scale() > 4) {
                throw new IllegalArgumentException("monthlyBudget must be between 0 and " + MAX_BUDGET.toPlainString()
                        + " with at most 4 decimals, not " + b.toPlainString());
            }
        }
        return tx.execute(s -> {
            SpendLedger.ShowRow before = show(slug);
            shows.lockForUpdate(before.id());
            ledger.setBudget(before.id(), change.setTier() ? change.tier() : before.tier(),
                    change.setBudget() ? change.monthlyBudget() : before.monthlyBudget());
            LedgerBudget.Status now = budget.status(show(slug));
            Map<String, Object> body = view(now);
            if (now.remaining().signum() > 0) {
                BudgetBlocks.Resumed resumed = blocks.resume(before.id(), ledger.blockedEpisodes(before.id()), who);
                body.put("resumed", Map.of("episodes", resumed.episodes(), "publications", resumed.publications()));
            } else {
                body.put("resumed", Map.of("episodes", java.util.List.of(), "publications", 0));
            }
            return body;
        });
    }

    /**
     * What the show spent in a month ({@code yyyy-MM}, UTC; null: this month): the total, by item and
     * provider, and by episode.
     */
    public Map<String, Object> spend(String slug, String month) {
        SpendLedger.ShowRow show = show(slug);
        String m;
        try {
            m = month == null ? SpendLedger.month(clock.instant()) : YearMonth.parse(month).toString();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("month must look like 2026-11, not '" + month + "'");
        }
        LedgerBudget.Status status = budget.status(show);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("show", slug);
        body.put("month", m);
        body.put("currency", status.currency());
        body.put("total", ledger.spent(show.id(), m));
        body.put("monthlyBudget", status.monthlyBudget());
        body.put("byItem", ledger.spentBy(show.id(), m, "item"));
        body.put("byEpisode", ledger.spentBy(show.id(), m, "episode_id"));
        return body;
    }

    private Map<String, Object> view(LedgerBudget.Status s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("show", s.show());
        m.put("tier", s.tier());
        m.put("limits", tiers.view(s.tier()));
        m.put("monthlyBudget", s.monthlyBudget());
        m.put("ownBudget", s.ownBudget());
        m.put("currency", s.currency());
        m.put("month", s.month());
        m.put("spentThisMonth", s.spent());
        m.put("reserved", s.reserved());
        m.put("remaining", s.remaining());
        m.put("blockedEpisodes", ledger.show(s.show()).map(r -> ledger.blockedEpisodes(r.id())).orElse(java.util.List.of()));
        return m;
    }
}
