package io.castwire.operations.budget;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Estimates against figures computed by hand from the default price table:
 * transcription-minutes 0.006/min (provider whisper-1 has no price of its own), tts-characters
 * 0.015/1,000 (elevenlabs 0.30, espeak-ng 0), llm-tokens 0.002/1,000 (openai 0.0006, extractive 0),
 * storage-gb 0.023, egress-gb 0.09, youtube-uploads 0.05.
 */
class CostEstimatorTest {

    private final PriceTable prices = new PriceTable(new PricingProperties());
    private final BudgetProperties budget = new BudgetProperties();
    private final Tiers tiers = new Tiers(new TierProperties(), budget);
    /** YouTube posts the episode and its 2 best clips. */
    private final CostEstimator estimator = new CostEstimator(prices, tiers, budget, "whisper-1",
            d -> d.equals("youtube") ? 2 : 0);

    private static EstimateRequest.Llm llm(String provider, Long tokens) {
        return new EstimateRequest.Llm(provider, tokens);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> body, String key) {
        return (List<Map<String, Object>>) body.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> body, String key) {
        return (Map<String, Object>) body.get(key);
    }

    private static BigDecimal dec(Object o) {
        return (BigDecimal) o;
    }

    @Test
    void aFullEpisodeIsPricedLineByLine() {
        EstimateRequest r = new EstimateRequest(null, "pro", new BigDecimal("45"), false, 2000L, null, null, null,
                "elevenlabs", llm("openai", 20_000L), List.of("rss", "youtube", "wordpress"), false,
                new BigDecimal("1.5"), new BigDecimal("10"));

        Map<String, Object> e = estimator.estimate(r, "pro", null);

        // transcription 45 min x 0.006        = 0.27
        // tts 2,000 chars x 0.30 / 1,000      = 0.60
        // llm 20,000 tokens x 0.0006 / 1,000  = 0.012
        // youtube (1 episode + 2 clips) x 0.05 = 0.15
        // storage 1.5 GB x 0.023              = 0.0345
        // egress 10 GB x 0.09                 = 0.90
        // total                               = 1.9665
        assertThat(e.get("currency")).isEqualTo("USD");
        assertThat(dec(e.get("total"))).isEqualByComparingTo("1.9665");
        List<Map<String, Object>> lines = list(e, "breakdown");
        assertThat(lines).extracting(l -> l.get("item")).containsExactly("transcription-minutes", "tts-characters",
                "llm-tokens", "youtube-uploads", "storage-gb", "egress-gb");
        assertThat(lines).extracting(l -> dec(l.get("cost")).stripTrailingZeros().toPlainString())
                .containsExactly("0.27", "0.6", "0.012", "0.15", "0.0345", "0.9");
        assertThat(lines.get(1)).containsEntry("provider", "elevenlabs").containsEntry("unit", "1,000 characters");
        assertThat(dec(lines.get(1).get("unitPrice"))).isEqualByComparingTo("0.30");
        assertThat(dec(lines.get(3).get("quantity"))).isEqualByComparingTo("3");
        assertThat(list(map(e, "tier"), "violations").isEmpty()).isTrue();
        assertThat(map(e, "tier").get("name")).isEqualTo("pro");

        // alternatives, biggest saving first: local voice 0.60 (1.3665), transcript sidecar 0.27 (1.6965),
        // no YouTube 0.15 (1.8165), extractive metadata 0.012 (1.9545)
        List<Map<String, Object>> alt = list(e, "alternatives");
        assertThat(alt).extracting(a -> dec(a.get("saving")).stripTrailingZeros().toPlainString())
                .containsExactly("0.6", "0.27", "0.15", "0.012");
        assertThat(alt).extracting(a -> dec(a.get("total")).stripTrailingZeros().toPlainString())
                .containsExactly("1.3665", "1.6965", "1.8165", "1.9545");
        assertThat((String) alt.get(0).get("change")).contains("espeak-ng");
        assertThat((String) alt.get(1).get("change")).contains("transcript");
    }

    @Test
    void textsAndTeasersAreCountedAndTheFreeTierLimitsAreReported() {
        String intro = "i".repeat(120);
        String outro = "o".repeat(80);
        EstimateRequest r = new EstimateRequest(null, "free", new BigDecimal("75"), true, null, intro, outro, 2, null,
                llm("anthropic", null), List.of("youtube", "wordpress", "linkedin"), true, null, null);

        Map<String, Object> e = estimator.estimate(r, "free", null);

        // no transcription (a transcript comes with the media)
        // tts 120 + 80 + 2 teasers x 300 = 800 chars x 0.015 / 1,000 (no provider: item price) = 0.012
        // llm 75 min x 250 tokens/min = 18,750 tokens x 0.002 / 1,000 (anthropic has no price of its own) = 0.0375
        // youtube 1 + 2 clips = 3 uploads x 0.05 = 0.15
        // total 0.012 + 0.0375 + 0.15 = 0.1995
        assertThat(dec(e.get("total"))).isEqualByComparingTo("0.1995");
        assertThat(list(e, "breakdown")).extracting(l -> l.get("item"))
                .containsExactly("tts-characters", "llm-tokens", "youtube-uploads");
        assertThat(dec(list(e, "breakdown").get(0).get("quantity"))).isEqualByComparingTo("800");
        assertThat(dec(list(e, "breakdown").get(1).get("quantity"))).isEqualByComparingTo("18750");
        // free: 60 minutes, no HD, 2 destinations besides the feed
        List<Map<String, Object>> v = list(map(e, "tier"), "violations");
        assertThat(v).hasSize(3);
        assertThat(String.valueOf(v)).contains("75 minutes", "at most 60", "HD", "3 destinations", "allows 2");
        // no YouTube 0.15 (0.0495), extractive 0.0375 (0.162), local voice 0.012 (0.1875)
        assertThat(list(e, "alternatives")).extracting(a -> dec(a.get("total")).stripTrailingZeros().toPlainString())
                .containsExactly("0.0495", "0.162", "0.1875");
    }

    @Test
    void aShowsRemainingBudgetIsComparedWithTheEstimate() {
        LedgerBudget.Status status = new LedgerBudget.Status("est-show", "pro", true, new BigDecimal("1.00"), "2026-11",
                new BigDecimal("0.70"), new BigDecimal("0.10"), new BigDecimal("0.20"), "USD");
        EstimateRequest r = new EstimateRequest("est-show", null, new BigDecimal("50"), false, null, null, null, null,
                null, null, List.of("rss"), null, null, null);

        Map<String, Object> e = estimator.estimate(r, "pro", status);

        // transcription 50 min x 0.006 = 0.30, more than the 0.20 left (1.00 - 0.70 spent - 0.10 reserved)
        assertThat(dec(e.get("total"))).isEqualByComparingTo("0.30");
        Map<String, Object> b = map(e, "budget");
        assertThat(dec(b.get("remaining"))).isEqualByComparingTo("0.20");
        assertThat(dec(b.get("remainingAfter"))).isEqualByComparingTo("-0.10");
        assertThat(String.valueOf(list(map(e, "tier"), "violations"))).contains("more than what show est-show has left");
    }

    @Test
    void localEnginesCostNothingAndSmallUsesAreNotRoundedAway() {
        // 1 character at 0.30 / 1,000 = 0.0003; espeak-ng and extractive are free
        assertThat(prices.cost(new PaidUse("s", "tts-characters", "elevenlabs", 1))).isEqualByComparingTo("0.0003");
        assertThat(prices.cost(new PaidUse("s", "tts-characters", "espeak-ng", 1_000_000))).isZero();
        assertThat(prices.cost(new PaidUse("s", "llm-tokens", "extractive", 1_000_000))).isZero();
        // 3 seconds of audio: 0.05 min x 0.006 = 0.0003
        assertThat(prices.cost(new PaidUse("s", "transcription-minutes", "whisper-1", 3000 / 60_000.0)))
                .isEqualByComparingTo("0.0003");
    }

    @Test
    void invalidRequestsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> estimator.estimate(new EstimateRequest(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null), "pro", null)).hasMessageContaining("durationMinutes is required");
        assertThatThrownBy(() -> estimator.estimate(new EstimateRequest(null, null, BigDecimal.TEN, null, 10L, "hi", null,
                null, null, null, null, null, null, null), "pro", null)).hasMessageContaining("either ttsCharacters");
        assertThatThrownBy(() -> estimator.estimate(new EstimateRequest(null, null, BigDecimal.TEN, null, null, null, null,
                null, null, null, null, null, new BigDecimal("-1"), null), "pro", null))
                .hasMessageContaining("storageGb must be 0 or more");
        assertThatThrownBy(() -> estimator.estimate(new EstimateRequest(null, null, BigDecimal.TEN, null, null, null, null,
                null, null, null, null, null, null, null), "gold", null)).hasMessageContaining("unknown tier 'gold'");
        assertThatThrownBy(() -> prices.cost(new PaidUse("s", "gpu-hours", null, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown priced item 'gpu-hours'");
    }
}
