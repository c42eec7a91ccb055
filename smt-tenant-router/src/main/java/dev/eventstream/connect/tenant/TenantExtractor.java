package dev.eventstream.connect.tenant;

import org.apache.kafka.connect.connector.ConnectRecord;

/** Finds the tenant id of a record in one place (key, value field, header or topic). */
public interface TenantExtractor {

    /**
     * The record's tenant id, never null or empty.
     *
     * @throws MissingTenantException saying why there is none (no key, key not matching, tombstone, ...)
     */
    String extract(ConnectRecord<?> record);

    /** Where this extractor looks, for logs and errors, e.g. {@code key template '{tenant_id}:{agent_id}'}. */
    String describe();

    /**
     * Text a tenant id must not contain to be read whole by this extractor (the template text that ends
     * {@code {tenant_id}}), or null when any text can be read.
     */
    default String tenantTerminator() {
        return null;
    }
}
