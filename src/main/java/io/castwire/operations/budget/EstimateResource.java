package io.castwire.operations.budget;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import io.castwire.common.NotFoundException;
import io.castwire.processing.transcript.TranscriptionProperties;
import io.castwire.publishing.delivery.Destination;
import io.castwire.publishing.delivery.Destinations;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /api/estimate}: what an episode would cost, against which limits, and how to pay less. */
@RestController
public class EstimateResource {

    private final CostEstimator estimator;
    private final ObjectReader reader;
    private final Destinations destinations;
    private final SpendLedger ledger;
    private final LedgerBudget budget;

    public EstimateResource(PriceTable prices, Tiers tiers, BudgetProperties properties,
                            TranscriptionProperties transcription, Destinations destinations, SpendLedger ledger,
                            LedgerBudget budget, ObjectMapper json) {
        this.destinations = destinations;
        this.ledger = ledger;
        this.budget = budget;
        this.estimator = new CostEstimator(prices, tiers, properties, transcription.getModel(),
                name -> destinations.byName(name).map(d -> d.settings().getClips()).orElse(0));
        this.reader = json.readerFor(EstimateRequest.class).with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /** The estimate for the episode spec in the body (see {@link EstimateRequest}). */
    @PostMapping("/api/estimate")
    public Map<String, Object> estimate(@RequestBody JsonNode body) {
        EstimateRequest r;
        try {
            r = reader.readValue(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid estimate request: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        if (r == null) {
            throw new IllegalArgumentException("send a JSON object with at least durationMinutes");
        }
        List<String> known = new ArrayList<>(List.of("rss"));
        destinations.all().stream().map(Destination::name).forEach(known::add);
        for (String d : r.destinations() == null ? List.<String>of() : r.destinations()) {
            if (!known.contains(d)) {
                throw new IllegalArgumentException("unknown destination '" + d + "' (known: " + known + ")");
            }
        }
        LedgerBudget.Status status = null;
        String tier = r.tier();
        if (r.show() != null) {
            SpendLedger.ShowRow show = ledger.show(r.show()).orElseThrow(() -> new NotFoundException("no show " + r.show()));
            status = budget.status(show);
            tier = tier != null ? tier : status.tier();
        }
        return estimator.estimate(r, tier, status);
    }
}
