package com.inbestment.returns.config;

import com.inbestment.returns.repository.RecordRepository;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of the readiness group: a pod that cannot reach its table takes no traffic. */
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
