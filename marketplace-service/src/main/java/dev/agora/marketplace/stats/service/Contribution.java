package dev.agora.marketplace.stats.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a fact adds to its agent's stats: counters, earnings, activity buckets and the latest moments it knows of.
 * A changed fact applies {@code after.minus(before)}, so totals stay sums over the facts' current states whatever
 * order the states arrive in; the latest moments only move forward.
 */
public final class Contribution {
    final EnumMap<StatsCounter, Long> counters = new EnumMap<>(StatsCounter.class);
    BigDecimal earnings = BigDecimal.ZERO;
    final List<ActivityBucket> buckets = new ArrayList<>();
    Instant lastActive;
    Instant lastDeploymentAt;

    public Contribution add(StatsCounter counter, long value) {
        if (value != 0) {
            counters.merge(counter, value, Long::sum);
        }
        return this;
    }

    public Contribution earnings(BigDecimal value) {
        earnings = earnings.add(value);
        return this;
    }

    public Contribution bucket(Instant at, long completed, long failed, long ratingSum, long ratingCount,
            BigDecimal earned) {
        buckets.add(new ActivityBucket(at.truncatedTo(ChronoUnit.HOURS), completed, failed, ratingSum, ratingCount,
                earned));
        return this;
    }

    public Contribution active(Instant at) {
        lastActive = latest(lastActive, at);
        return this;
    }

    public Contribution deployed(Instant at) {
        lastDeploymentAt = latest(lastDeploymentAt, at);
        return this;
    }

    /** This contribution less {@code before}: what to add when a fact moves from {@code before} to this. */
    public Contribution minus(Contribution before) {
        Contribution delta = new Contribution();
        counters.forEach(delta::add);
        before.counters.forEach((counter, value) -> delta.add(counter, -value));
        delta.earnings = earnings.subtract(before.earnings);
        Map<Instant, ActivityBucket> byHour = new LinkedHashMap<>();
        before.buckets.forEach(b -> byHour.merge(b.hour(), b.negate(), ActivityBucket::plus));
        buckets.forEach(b -> byHour.merge(b.hour(), b, ActivityBucket::plus));
        byHour.values().stream().filter(b -> !b.isZero()).forEach(delta.buckets::add);
        delta.lastActive = lastActive;
        delta.lastDeploymentAt = lastDeploymentAt;
        return delta;
    }

    public Map<StatsCounter, Long> counters() {
        return counters;
    }

    public BigDecimal earnings() {
        return earnings;
    }

    public List<ActivityBucket> buckets() {
        return buckets;
    }

    public Instant lastActive() {
        return lastActive;
    }

    public Instant lastDeploymentAt() {
        return lastDeploymentAt;
    }

    private static Instant latest(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
