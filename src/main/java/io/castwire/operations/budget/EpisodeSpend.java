package io.castwire.operations.budget;

import io.castwire.episode.EpisodeDetails;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@code spend} section of {@code GET /api/episodes/{id}}: total and one row per paid use. */
@Component
class EpisodeSpend implements EpisodeDetails {

    private final SpendLedger ledger;

    EpisodeSpend(SpendLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public String key() {
        return "spend";
    }

    @Override
    public Object of(long episodeId) {
        List<SpendLedger.Entry> rows = ledger.ofEpisode(episodeId);
        if (rows.isEmpty()) {
            return null;
        }
        BigDecimal total = BigDecimal.ZERO;
        List<Map<String, Object>> steps = new java.util.ArrayList<>();
        for (SpendLedger.Entry e : rows) {
            if (e.state().equals(SpendLedger.SPENT)) {
                total = total.add(e.cost());
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("step", e.step());
            m.put("item", e.item());
            m.put("provider", e.provider());
            m.put("quantity", e.quantity().stripTrailingZeros());
            m.put("cost", e.cost());
            m.put("state", e.state());
            m.put("at", e.at());
            steps.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currency", rows.get(0).currency());
        body.put("total", total);
        body.put("steps", steps);
        return body;
    }
}
