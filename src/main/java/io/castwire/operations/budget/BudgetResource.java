package io.castwire.operations.budget;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.security.Principal;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /api/shows/{slug}/budget} (tier, monthly budget, this month's spend; a change that
 * leaves money resumes blocked work) and {@code GET /api/shows/{slug}/spend?month=yyyy-MM}.
 */
@RestController
@RequestMapping("/api/shows/{slug}")
public class BudgetResource {

    private static final Set<String> FIELDS = Set.of("monthlyBudget", "tier");

    private final ShowBudgets budgets;

    public BudgetResource(ShowBudgets budgets) {
        this.budgets = budgets;
    }

    @GetMapping("/budget")
    public Map<String, Object> get(@PathVariable String slug) {
        return budgets.status(slug);
    }

    /** JSON {@code {monthlyBudget, tier?}}; a field set to null goes back to its default. */
    @PutMapping("/budget")
    public Map<String, Object> put(@PathVariable String slug, @RequestBody JsonNode body, Principal who) {
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw new IllegalArgumentException("send a JSON object with monthlyBudget and/or tier");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' (allowed: monthlyBudget, tier)");
            }
        }
        JsonNode budget = body.get("monthlyBudget");
        if (budget != null && !budget.isNull() && !budget.isNumber()) {
            throw new IllegalArgumentException("monthlyBudget must be a number (or null for the tier's budget)");
        }
        JsonNode tier = body.get("tier");
        if (tier != null && !tier.isNull() && !tier.isTextual()) {
            throw new IllegalArgumentException("tier must be one of " + Tiers.NAMES + " (or null for the default tier)");
        }
        BigDecimal amount = budget == null || budget.isNull() ? null : budget.decimalValue();
        ShowBudgets.Change change = new ShowBudgets.Change(tier != null, tier == null || tier.isNull() ? null : tier.asText(),
                budget != null, amount);
        return budgets.update(slug, change, who == null ? "anonymous" : who.getName());
    }

    @GetMapping("/spend")
    public Map<String, Object> spend(@PathVariable String slug, @RequestParam(required = false) String month) {
        return budgets.spend(slug, month);
    }
}
