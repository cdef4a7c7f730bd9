package com.inbestment.loyalty.repository;

import java.util.Optional;

public interface RecordRepository {

    Optional<RecordItem> findById(String id);

    RecordItem save(RecordItem item);

    /** Cheap call used by the DynamoDB health indicator. */
    void ping();
}
