package io.castwire.operations.budget;

import java.math.BigDecimal;

/** A paid step would take a show over its monthly budget; it must not run. */
public class BudgetExceededException extends RuntimeException {

    private final String show;
    private final PaidUse use;
    private final BigDecimal cost;
    private final BigDecimal remaining;

    public BudgetExceededException(String show, PaidUse use, BigDecimal cost, BigDecimal remaining) {
        super("step " + use.step() + " would cost " + cost + " but show " + show + " has " + remaining + " left this month");
        this.show = show;
        this.use = use;
        this.cost = cost;
        this.remaining = remaining;
    }

    public String show() { return show; }
    public PaidUse use() { return use; }
    public BigDecimal cost() { return cost; }
    public BigDecimal remaining() { return remaining; }
}
