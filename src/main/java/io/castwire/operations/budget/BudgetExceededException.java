package io.castwire.operations.budget;

import java.math.BigDecimal;

/**
 * A paid step would take a show over its monthly budget (or past a limit of its tier): it must not
 * run. Processing moves the episode to BLOCKED_BUDGET with {@link #getMessage()} as its detail.
 */
public class BudgetExceededException extends RuntimeException {

    private final String show;
    private final PaidUse use;
    private final BigDecimal cost;
    private final BigDecimal remaining;
    private final BigDecimal monthlyBudget;
    private final String currency;

    public BudgetExceededException(String show, PaidUse use, BigDecimal cost, BigDecimal remaining) {
        this(show, use, cost, remaining, null, null, null);
    }

    /** With the figures an admin needs: the budget, its currency and the month it is counted in. */
    public BudgetExceededException(String show, PaidUse use, BigDecimal cost, BigDecimal remaining,
                                   BigDecimal monthlyBudget, String currency, String month) {
        super("step " + use.step() + " would cost " + cost.stripTrailingZeros().toPlainString()
                + (currency == null ? "" : " " + currency) + " (" + use.item() + " " + plain(use.quantity()) + " from "
                + use.provider() + ") but show " + show + " has " + remaining.stripTrailingZeros().toPlainString()
                + (monthlyBudget == null ? "" : " of " + monthlyBudget.stripTrailingZeros().toPlainString())
                + " left" + (month == null ? " this month" : " in " + month)
                + "; raise it with PUT /api/shows/" + show + "/budget");
        this.show = show;
        this.use = use;
        this.cost = cost;
        this.remaining = remaining;
        this.monthlyBudget = monthlyBudget;
        this.currency = currency;
    }

    /** A refusal that is not about money (a tier limit); the figures are null. */
    protected BudgetExceededException(String show, String message) {
        super(message);
        this.show = show;
        this.use = null;
        this.cost = null;
        this.remaining = null;
        this.monthlyBudget = null;
        this.currency = null;
    }

    public String show() { return show; }
    public PaidUse use() { return use; }
    public BigDecimal cost() { return cost; }
    public BigDecimal remaining() { return remaining; }
    /** The show's monthly budget, when known. */
    public BigDecimal monthlyBudget() { return monthlyBudget; }
    /** The currency of the figures, when known. */
    public String currency() { return currency; }

    private static String plain(double quantity) {
        return Double.isFinite(quantity) ? java.math.BigDecimal.valueOf(quantity).stripTrailingZeros().toPlainString()
                : String.valueOf(quantity);
    }
}
