package dev.agora.marketplace.usage.service;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.agora.marketplace.usage.repository.UsageRepository;
import dev.agora.marketplace.usage.model.UsageView;
import io.smallrye.mutiny.Uni;

@ApplicationScoped
public class UsageService {
    private final UsageRepository usage;

    public UsageService(UsageRepository usage) {
        this.usage = usage;
    }

    /** The user's daily rows and their totals between two UTC days (inclusive). */
    public Uni<UsageView> between(UUID userId, LocalDate from, LocalDate to) {
        return usage.between(userId, from, to).map(rows -> {
            List<UsageView.Day> items = rows.stream().map(UsageService::day).toList();
            long requests = rows.stream().mapToLong(UsageRepository.DailyRow::requests).sum();
            long errors = rows.stream().mapToLong(UsageRepository.DailyRow::errors).sum();
            BigDecimal cost = rows.stream().map(UsageRepository.DailyRow::costUsd).reduce(BigDecimal.ZERO, BigDecimal::add);
            return new UsageView(from, to, items, new UsageView.Totals(requests, errors, cost.setScale(4)));
        });
    }

    private static UsageView.Day day(UsageRepository.DailyRow row) {
        BigDecimal mean = BigDecimal.valueOf(row.totalLatencyMs())
                .divide(BigDecimal.valueOf(row.requests()), 1, RoundingMode.HALF_UP);
        return new UsageView.Day(row.day(), row.method(), row.route(), row.agentId(), row.requests(), row.errors(), mean,
                UsageHistogram.p95(row.histogram(), row.maxLatencyMs()), row.maxLatencyMs(), row.costUsd().setScale(4));
    }
}
