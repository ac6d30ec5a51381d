package io.castwire.operations.budget;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Prices an {@link EstimateRequest} with the price table: a breakdown per paid item, the limits of
 * the tier that applies and what the episode would break, the show's budget when one is given, and
 * cheaper alternatives (the local voice, a transcript sidecar, extractive metadata, no YouTube).
 * No I/O: {@link EstimateResource} looks the show up.
 */
public class CostEstimator {

    /** The voice that costs nothing, offered as the cheaper alternative to a cloud voice. */
    static final String LOCAL_VOICE = "espeak-ng";
    static final String EXTRACTIVE = "extractive";
    private static final BigDecimal MAX_MINUTES = BigDecimal.valueOf(100_000);

    private final PriceTable prices;
    private final Tiers tiers;
    private final BudgetProperties properties;
    private final String transcriptionProvider;
    private final ToIntFunction<String> clipsOf;

    /**
     * @param transcriptionProvider the configured transcription model (the provider transcription is priced by)
     * @param clipsOf               how many clips a destination posts besides the episode
     */
    public CostEstimator(PriceTable prices, Tiers tiers, BudgetProperties properties, String transcriptionProvider,
                         ToIntFunction<String> clipsOf) {
        this.prices = prices;
        this.tiers = tiers;
        this.properties = properties;
        this.transcriptionProvider = transcriptionProvider;
        this.clipsOf = clipsOf;
    }

    private record Line(String item, String provider, BigDecimal quantity, BigDecimal unitPrice, String unit,
                        BigDecimal cost) {
        Map<String, Object> view() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("item", item);
            m.put("provider", provider);
            m.put("quantity", quantity.stripTrailingZeros());
            m.put("unitPrice", unitPrice);
            m.put("unit", unit);
            m.put("cost", cost);
            return m;
        }
    }

    /**
     * The estimate.
     *
     * @param tierName the tier that applies (the request's, the show's or the default)
     * @param status   the show's budget now, or null when no show was given
     * @throws IllegalArgumentException for an invalid request
     */
    public Map<String, Object> estimate(EstimateRequest r, String tierName, LedgerBudget.Status status) {
        BigDecimal minutes = r.durationMinutes();
        if (minutes == null || minutes.signum() <= 0 || minutes.compareTo(MAX_MINUTES) > 0) {
            throw new IllegalArgumentException("durationMinutes is required: more than 0 and at most " + MAX_MINUTES);
        }
        List<String> destinations = r.destinations() == null ? List.of() : r.destinations();
        List<Line> lines = new ArrayList<>();
        if (!Boolean.TRUE.equals(r.hasTranscript())) {
            lines.add(line("transcription-minutes", transcriptionProvider, minutes));
        }
        long characters = ttsCharacters(r);
        if (characters > 0) {
            lines.add(line("tts-characters", r.ttsProvider(), BigDecimal.valueOf(characters)));
        }
        if (r.llm() != null) {
            Long tokens = r.llm().tokens();
            if (tokens != null && tokens < 0) {
                throw new IllegalArgumentException("llm.tokens must be 0 or more");
            }
            BigDecimal t = tokens != null ? BigDecimal.valueOf(tokens)
                    : minutes.multiply(BigDecimal.valueOf(properties.getLlmTokensPerMinute())).setScale(0, RoundingMode.CEILING);
            lines.add(line("llm-tokens", r.llm().provider(), t));
        }
        if (destinations.contains("youtube")) {
            lines.add(line("youtube-uploads", "youtube", BigDecimal.valueOf(1L + clipsOf.applyAsInt("youtube"))));
        }
        addIfSome(lines, "storage-gb", r.storageGb());
        addIfSome(lines, "egress-gb", r.egressGb());
        BigDecimal total = lines.stream().map(Line::cost).reduce(BigDecimal.ZERO, BigDecimal::add);

        TierProperties.Limits limits = tiers.limits(tierName);
        List<String> violations = new ArrayList<>();
        if (minutes.compareTo(BigDecimal.valueOf(limits.getMaxEpisodeMinutes())) > 0) {
            violations.add("the episode is " + minutes.stripTrailingZeros().toPlainString() + " minutes; tier " + tierName
                    + " processes at most " + limits.getMaxEpisodeMinutes());
        }
        if (Boolean.TRUE.equals(r.hd()) && !limits.isHd()) {
            violations.add("HD output is not in tier " + tierName);
        }
        long fanOut = destinations.stream().filter(d -> !d.equals("rss")).distinct().count();
        if (fanOut > limits.getMaxDestinations()) {
            violations.add(fanOut + " destinations besides the feed; tier " + tierName + " allows "
                    + limits.getMaxDestinations());
        }
        BigDecimal monthly = status != null ? status.monthlyBudget() : limits.getMonthlyBudget();
        if (total.compareTo(monthly) > 0) {
            violations.add("the estimate (" + plain(total) + ") is more than the monthly budget (" + plain(monthly) + ")");
        } else if (status != null && total.compareTo(status.remaining()) > 0) {
            violations.add("the estimate (" + plain(total) + ") is more than what show " + status.show()
                    + " has left this month (" + plain(status.remaining()) + ")");
        }

        Map<String, Object> body = new LinkedHashMap<>();
        body.put("currency", prices.currency());
        body.put("total", total);
        body.put("breakdown", lines.stream().map(Line::view).toList());
        Map<String, Object> tier = new LinkedHashMap<>();
        tier.put("name", tierName);
        tier.put("limits", tiers.view(tierName));
        tier.put("violations", violations);
        body.put("tier", tier);
        if (status != null) {
            Map<String, Object> budget = new LinkedHashMap<>();
            budget.put("show", status.show());
            budget.put("monthly", status.monthlyBudget());
            budget.put("spentThisMonth", status.spent());
            budget.put("reserved", status.reserved());
            budget.put("remaining", status.remaining());
            budget.put("remainingAfter", status.remaining().subtract(total));
            body.put("budget", budget);
        }
        body.put("alternatives", alternatives(lines, total));
        return body;
    }

    private List<Map<String, Object>> alternatives(List<Line> lines, BigDecimal total) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Line l : lines) {
            if (l.cost().signum() == 0) {
                continue;
            }
            switch (l.item()) {
                case "tts-characters" -> offer(out, "use the local voice (" + LOCAL_VOICE + ") instead of " + l.provider(),
                        total, l.cost(), line(l.item(), LOCAL_VOICE, l.quantity()).cost());
                case "transcription-minutes" -> offer(out, "send a transcript with the media (.srt, .vtt or "
                        + ".transcript.json) instead of transcribing it", total, l.cost(), BigDecimal.ZERO);
                case "llm-tokens" -> offer(out, "extractive metadata instead of the LLM (" + l.provider() + ")", total,
                        l.cost(), line(l.item(), EXTRACTIVE, l.quantity()).cost());
                case "youtube-uploads" -> offer(out, "publish without YouTube", total, l.cost(), BigDecimal.ZERO);
                default -> { }
            }
        }
        out.sort(Comparator.comparing((Map<String, Object> m) -> (BigDecimal) m.get("saving")).reversed());
        return out;
    }

    private static void offer(List<Map<String, Object>> out, String change, BigDecimal total, BigDecimal was,
                              BigDecimal instead) {
        BigDecimal saving = was.subtract(instead);
        if (saving.signum() > 0) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("change", change);
            m.put("total", total.subtract(saving));
            m.put("saving", saving);
            out.add(m);
        }
    }

    private long ttsCharacters(EstimateRequest r) {
        boolean parts = r.intro() != null || r.outro() != null || r.teasers() != null;
        if (r.ttsCharacters() != null) {
            if (parts) {
                throw new IllegalArgumentException("give either ttsCharacters or intro/outro/teasers, not both");
            }
            if (r.ttsCharacters() < 0) {
                throw new IllegalArgumentException("ttsCharacters must be 0 or more");
            }
            return r.ttsCharacters();
        }
        if (r.teasers() != null && (r.teasers() < 0 || r.teasers() > 1000)) {
            throw new IllegalArgumentException("teasers must be 0 to 1000");
        }
        return (r.intro() == null ? 0 : r.intro().length()) + (r.outro() == null ? 0 : r.outro().length())
                + (long) (r.teasers() == null ? 0 : r.teasers()) * properties.getTeaserCharacters();
    }

    private void addIfSome(List<Line> lines, String item, BigDecimal gb) {
        if (gb == null) {
            return;
        }
        if (gb.signum() < 0) {
            throw new IllegalArgumentException(item.replace("-gb", "Gb") + " must be 0 or more");
        }
        if (gb.signum() > 0) {
            lines.add(line(item, null, gb));
        }
    }

    private Line line(String item, String provider, BigDecimal quantity) {
        PriceTable.Price p = prices.price(item, provider);
        return new Line(item, p.provider(), quantity, p.unitPrice(), p.item().unit(), p.cost(quantity));
    }

    private static String plain(BigDecimal d) {
        return d.stripTrailingZeros().toPlainString();
    }
}
