package com.inbestment.returns.repository;

import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Repository;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

@Repository
public class DynamoDbRecordRepository implements RecordRepository {

    private final DynamoDbTable<RecordItem> table;
    private final DynamoDbClient client;
    private final String tableName;

    public DynamoDbRecordRepository(
            DynamoDbEnhancedClient enhancedClient,
            DynamoDbClient client,
            @Value("${app.dynamodb.table}") String tableName) {
        this.table = enhancedClient.table(tableName, TableSchema.fromBean(RecordItem.class));
        this.client = client;
        this.tableName = tableName;
    }

    @Override
    public Optional<RecordItem> findById(String id) {
        return Optional.ofNullable(table.getItem(Key.builder().partitionValue(id).build()));
    }

    @Override
    public RecordItem save(RecordItem item) {
        table.putItem(item);
        return item;
    }

    @Override
    public void ping() {
        client.describeTable(b -> b.tableName(tableName));
    }
}
