package com.inbestment.loyalty.config;

import com.inbestment.loyalty.repository.RecordRepository;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The table check in {@code /actuator/health}. Deliberately not in the readiness group (application.yml): every pod
 * shares the table, so a DynamoDB blip would take them all out of service at once.
 */
@Component("dynamodb")
public class DynamoDbHealthIndicator implements HealthIndicator {

    private final RecordRepository repository;

    public DynamoDbHealthIndicator(RecordRepository repository) {
        this.repository = repository;
    }

    @Override
    public Health health() {
        try {
            repository.ping();
            return Health.up().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.getClass().getSimpleName()).build();
        }
    }
}
