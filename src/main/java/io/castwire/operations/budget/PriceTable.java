package io.castwire.operations.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Prices uses from {@code castwire.pricing.*}; checks the table once at start-up. */
@Component
public class PriceTable {

    /** Costs are kept to this many decimals (a thousandth of a cent). */
    public static final int SCALE = 6;

    /** The price of one unit of an item from one provider. */
    public record Price(PricedItem item, String provider, BigDecimal unitPrice) {

        /** What {@code quantity} of the item costs, rounded half-up to {@link #SCALE} decimals. */
        public BigDecimal cost(BigDecimal quantity) {
            return quantity.multiply(unitPrice).divide(item.per(), SCALE, RoundingMode.HALF_UP);
        }
    }

    private final PricingProperties properties;

    public PriceTable(PricingProperties properties) {
        this.properties = properties;
        if (properties.getCurrency() == null || !properties.getCurrency().matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("castwire.pricing.currency must be a three-letter ISO 4217 code such as USD");
        }
        for (PricedItem item : PricedItem.values()) {
            if (!properties.getItems().containsKey(item.key())) {
                throw new IllegalArgumentException("castwire.pricing.items." + item.key() + " is missing");
            }
        }
        check("castwire.pricing.items", properties.getItems());
        properties.getProviders().forEach((provider, prices) -> check("castwire.pricing.providers." + provider, prices));
    }

    private static void check(String where, Map<String, BigDecimal> prices) {
        prices.forEach((item, price) -> {
            try {
                PricedItem.of(item);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
            if (price == null || price.signum() < 0) {
                throw new IllegalArgumentException(where + "." + item + " must be 0 or more");
            }
        });
    }

    public String currency() {
        return properties.getCurrency();
    }

    /**
     * The price of {@code item} from {@code provider}: the provider's own, else the item's.
     *
     * @throws IllegalArgumentException for an unknown item
     */
    public Price price(String item, String provider) {
        PricedItem priced = PricedItem.of(item);
        Map<String, BigDecimal> own = provider == null ? null : properties.getProviders().get(provider);
        BigDecimal unit = own != null && own.containsKey(item) ? own.get(item) : properties.getItems().get(item);
        return new Price(priced, provider == null || provider.isBlank() ? "(default)" : provider, unit);
    }

    /** What a use costs. */
    public BigDecimal cost(PaidUse use) {
        return price(use.item(), use.provider()).cost(quantity(use));
    }

    /** A use's quantity as a decimal (refuses negative or non-finite amounts). */
    public static BigDecimal quantity(PaidUse use) {
        if (!Double.isFinite(use.quantity()) || use.quantity() < 0) {
            throw new IllegalArgumentException("quantity of " + use.item() + " must be 0 or more, not " + use.quantity());
        }
        return BigDecimal.valueOf(use.quantity());
    }
}
