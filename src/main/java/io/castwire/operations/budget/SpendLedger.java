package io.castwire.operations.budget;

import io.castwire.episode.EpisodeRepository;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code spend_ledger} table and the budget columns of {@code shows}. Plain SQL with
 * parameters; the transactions and the show row lock are the caller's ({@link LedgerBudget}).
 */
@Repository
public class SpendLedger {

    public static final String RESERVED = "RESERVED";
    public static final String SPENT = "SPENT";

    /** A show's budget settings as stored: tier and monthly budget are null when not set. */
    public record ShowRow(long id, String slug, String tier, BigDecimal monthlyBudget) {
    }

    /** One ledger row. */
    public record Entry(long id, Long episodeId, String step, String item, String provider, BigDecimal quantity,
                        BigDecimal unitPrice, BigDecimal cost, String currency, String state, Instant at) {
    }

    private final NamedParameterJdbcTemplate jdbc;

    public SpendLedger(NamedParameterJdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The UTC month of an instant, as the ledger stores it ({@code 2026-11}). */
    public static String month(Instant at) {
        return YearMonth.from(at.atZone(ZoneOffset.UTC)).toString();
    }

    public Optional<ShowRow> show(String slug) {
        return jdbc.query("SELECT id, slug, tier, monthly_budget FROM shows WHERE slug = :slug", Map.of("slug", slug),
                (rs, n) -> new ShowRow(rs.getLong("id"), rs.getString("slug"), rs.getString("tier"),
                        rs.getBigDecimal("monthly_budget"))).stream().findFirst();
    }

    /** The show of an episode. */
    public Optional<ShowRow> showOfEpisode(long episodeId) {
        return jdbc.query("SELECT s.id, s.slug, s.tier, s.monthly_budget FROM shows s JOIN episodes e ON e.show_id = s.id "
                + "WHERE e.id = :id", Map.of("id", episodeId), (rs, n) -> new ShowRow(rs.getLong("id"), rs.getString("slug"),
                rs.getString("tier"), rs.getBigDecimal("monthly_budget"))).stream().findFirst();
    }

    /** Stores a show's tier and monthly budget (null: back to the defaults). */
    public void setBudget(long showId, String tier, BigDecimal monthlyBudget) {
        jdbc.update("UPDATE shows SET tier = :tier, monthly_budget = :budget WHERE id = :id", new MapSqlParameterSource()
                .addValue("tier", tier).addValue("budget", monthlyBudget).addValue("id", showId));
    }

    /**
     * What counts against the show's budget in {@code month}: spent, plus reservations made after
     * {@code reservedSince} (older ones belong to steps that never settled).
     */
    public BigDecimal committed(long showId, String month, Instant reservedSince) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(cost), 0) FROM spend_ledger WHERE show_id = :show AND spend_month = :month "
                + "AND (state = 'SPENT' OR (state = 'RESERVED' AND recorded_at > :since))", new MapSqlParameterSource()
                .addValue("show", showId).addValue("month", month).addValue("since", EpisodeRepository.tsOf(reservedSince)),
                BigDecimal.class);
    }

    /** Spent (settled) in the month. */
    public BigDecimal spent(long showId, String month) {
        return jdbc.queryForObject("SELECT COALESCE(SUM(cost), 0) FROM spend_ledger WHERE show_id = :show AND spend_month = :month "
                + "AND state = 'SPENT'", Map.of("show", showId, "month", month), BigDecimal.class);
    }

    /** Removes the open reservations of one step's use (before it is reserved again, or settled). */
    public int release(long episodeId, PaidUse use) {
        return jdbc.update("DELETE FROM spend_ledger WHERE episode_id = :episode AND step = :step AND item = :item "
                + "AND provider = :provider AND state = 'RESERVED'", key(episodeId, use));
    }

    /** Adds a row. */
    public void insert(long showId, long episodeId, PaidUse use, PriceTable.Price price, BigDecimal quantity,
                       BigDecimal cost, String currency, String state, Instant at) {
        jdbc.update("INSERT INTO spend_ledger (show_id, episode_id, step, item, provider, quantity, unit_price, cost, currency, "
                + "state, spend_month, recorded_at) VALUES (:show, :episode, :step, :item, :provider, :quantity, :unit, :cost, :currency, "
                + ":state, :month, :at)", key(episodeId, use).addValue("show", showId).addValue("quantity", quantity)
                .addValue("unit", price.unitPrice()).addValue("cost", cost).addValue("currency", currency)
                .addValue("state", state).addValue("month", month(at)).addValue("at", EpisodeRepository.tsOf(at)));
    }

    private static MapSqlParameterSource key(long episodeId, PaidUse use) {
        return new MapSqlParameterSource().addValue("episode", episodeId).addValue("step", use.step())
                .addValue("item", use.item()).addValue("provider", use.provider() == null ? "(default)" : use.provider());
    }

    /** An episode's rows, oldest first. */
    public List<Entry> ofEpisode(long episodeId) {
        return jdbc.query("SELECT * FROM spend_ledger WHERE episode_id = :id ORDER BY id", Map.of("id", episodeId),
                (rs, n) -> {
                    long ep = rs.getLong("episode_id");
                    Long episode = rs.wasNull() ? null : ep;
                    java.time.OffsetDateTime at = rs.getObject("recorded_at", java.time.OffsetDateTime.class);
                    return new Entry(rs.getLong("id"), episode, rs.getString("step"), rs.getString("item"),
                            rs.getString("provider"), rs.getBigDecimal("quantity"), rs.getBigDecimal("unit_price"),
                            rs.getBigDecimal("cost"), rs.getString("currency"), rs.getString("state"), at.toInstant());
                });
    }

    /** A show's settled spend in a month, grouped by {@code column} (item, step or episode_id). */
    public List<Map<String, Object>> spentBy(long showId, String month, String column) {
        String group = switch (column) {
            case "item" -> "item, provider";
            case "episode_id" -> "episode_id";
            default -> throw new IllegalArgumentException(column);
        };
        return jdbc.query("SELECT " + group + ", COUNT(*) AS uses, SUM(quantity) AS quantity, SUM(cost) AS cost "
                + "FROM spend_ledger WHERE show_id = :show AND spend_month = :month AND state = 'SPENT' GROUP BY " + group
                + " ORDER BY " + group, Map.of("show", showId, "month", month), (rs, n) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    if (column.equals("item")) {
                        m.put("item", rs.getString("item"));
                        m.put("provider", rs.getString("provider"));
                        m.put("quantity", rs.getBigDecimal("quantity").stripTrailingZeros());
                    } else {
                        long ep = rs.getLong("episode_id");
                        m.put("episodeId", rs.wasNull() ? null : ep);
                    }
                    m.put("uses", rs.getLong("uses"));
                    m.put("cost", rs.getBigDecimal("cost"));
                    return m;
                });
    }

    /** Ids of a show's episodes blocked by the budget, oldest first. */
    public List<Long> blockedEpisodes(long showId) {
        return jdbc.queryForList("SELECT id FROM episodes WHERE show_id = :show AND state = 'BLOCKED_BUDGET' ORDER BY id",
                Map.of("show", showId), Long.class);
    }
}
