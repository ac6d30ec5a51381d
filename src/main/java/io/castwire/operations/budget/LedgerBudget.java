package io.castwire.operations.budget;

import io.castwire.episode.ShowRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The budget guard on the spend ledger. {@link #authorize} reserves: in one transaction it locks the
 * show's row, adds up what the show has spent and reserved this UTC month, and either inserts a
 * RESERVED row for the use or refuses it; two workers of the same show therefore take turns and
 * never both spend the last of the budget. {@link #record} settles: the use's reservation becomes
 * the SPENT row with what was actually used (which may be more or less than authorized).
 */
@Component
public class LedgerBudget implements Budget {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerBudget.class);

    /** A show's budget now. */
    public record Status(String show, String tier, boolean ownBudget, BigDecimal monthlyBudget, String month,
                         BigDecimal spent, BigDecimal reserved, BigDecimal remaining, String currency) {
    }

    private final SpendLedger ledger;
    private final ShowRepository shows;
    private final PriceTable prices;
    private final Tiers tiers;
    private final BudgetProperties properties;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final MeterRegistry meters;

    public LedgerBudget(SpendLedger ledger, ShowRepository shows, PriceTable prices, Tiers tiers,
                        BudgetProperties properties, TransactionTemplate tx, Clock clock, MeterRegistry meters) {
        this.ledger = ledger;
        this.shows = shows;
        this.prices = prices;
        this.tiers = tiers;
        this.properties = properties;
        this.tx = tx;
        this.clock = clock;
        this.meters = meters;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Reserves the price of {@code use} against the show's budget of this month. A use that costs
     * nothing (a local engine) is always allowed and reserves nothing. Authorizing the same use of
     * the same step again (a retry) replaces its earlier reservation.
     *
     * @throws BudgetExceededException when the cost is more than what is left
     */
    @Override
    public void authorize(long episodeId, PaidUse use) {
        PriceTable.Price price = prices.price(use.item(), use.provider());
        BigDecimal quantity = PriceTable.quantity(use);
        BigDecimal cost = price.cost(quantity);
        if (cost.signum() == 0) {
            return;
        }
        tx.executeWithoutResult(s -> {
            SpendLedger.ShowRow show = ledger.showOfEpisode(episodeId)
                    .orElseThrow(() -> new IllegalArgumentException("no episode " + episodeId));
            shows.lockForUpdate(show.id());
            ledger.release(episodeId, use);
            Instant now = now();
            Status status = status(show, now);
            if (cost.compareTo(status.remaining()) > 0) {
                throw new BudgetExceededException(show.slug(), use, cost, status.remaining(), status.monthlyBudget(),
                        status.currency(), status.month());
            }
            ledger.insert(show.id(), episodeId, use, price, quantity, cost, prices.currency(), SpendLedger.RESERVED, now);
        });
    }

    /** Settles the use's reservation (or adds the use when nothing was reserved) with what it cost. */
    @Override
    public void record(long episodeId, PaidUse use) {
        PriceTable.Price price = prices.price(use.item(), use.provider());
        BigDecimal quantity = PriceTable.quantity(use);
        BigDecimal cost = price.cost(quantity);
        SpendLedger.ShowRow show = tx.execute(s -> {
            SpendLedger.ShowRow found = ledger.showOfEpisode(episodeId)
                    .orElseThrow(() -> new IllegalArgumentException("no episode " + episodeId));
            ledger.release(episodeId, use);
            ledger.insert(found.id(), episodeId, use, price, quantity, cost, prices.currency(), SpendLedger.SPENT, now());
            return found;
        });
        meters.counter("castwire.budget.spend", "show", show.slug(), "item", use.item()).increment(cost.doubleValue());
        LOG.info("Episode {} spent {} {} on {} ({} {} from {})", episodeId, cost.toPlainString(), prices.currency(),
                use.step(), use.quantity(), use.item(), use.provider());
    }

    @Override
    public void release(long episodeId, PaidUse use) {
        ledger.release(episodeId, use);
    }

    /** The show's budget, spend and reservations in the current UTC month. */
    public Status status(SpendLedger.ShowRow show) {
        return status(show, now());
    }

    private Status status(SpendLedger.ShowRow show, Instant now) {
        String tier = show.tier() != null ? show.tier() : tiers.defaultTier();
        BigDecimal monthly = show.monthlyBudget() != null ? show.monthlyBudget() : tiers.limits(tier).getMonthlyBudget();
        String month = SpendLedger.month(now);
        BigDecimal spent = ledger.spent(show.id(), month);
        BigDecimal committed = ledger.committed(show.id(), month, now.minus(properties.getReservationTtl()));
        BigDecimal remaining = monthly.subtract(committed);
        return new Status(show.slug(), tier, show.monthlyBudget() != null, monthly, month, spent, committed.subtract(spent),
                remaining.signum() < 0 ? BigDecimal.ZERO : remaining, prices.currency());
    }
}
