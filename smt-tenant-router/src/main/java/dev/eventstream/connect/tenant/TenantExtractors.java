package dev.eventstream.connect.tenant;

import dev.eventstream.connect.common.EventStreamHeaders;
import dev.eventstream.connect.common.FieldPath;
import dev.eventstream.connect.common.RecordCoordinates;
import dev.eventstream.connect.common.TemplateMismatchException;
import dev.eventstream.connect.common.TenantTemplate;
import org.apache.kafka.common.cache.Cache;
import org.apache.kafka.common.cache.LRUCache;
import org.apache.kafka.common.cache.SynchronizedCache;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The four ways to find a tenant. Instances belong to one transform instance (one task thread). */
final class TenantExtractors {

    /** What a UTF-8 decoder puts in place of bytes that are not UTF-8. */
    private static final char UNDECODABLE = '\uFFFD';

    /** Bound of the per-topic cache of the topic extractor; topics are few, this only guards against leaks. */
    private static final int MAX_CACHED_TOPICS = 10_000;

    private TenantExtractors() {
    }

    static TenantExtractor key(TenantTemplate template) {
        return new KeyExtractor(template);
    }

    static TenantExtractor topic(TenantTemplate template) {
        return new TopicExtractor(template);
    }

    static TenantExtractor value(FieldPath path) {
        return new ValueExtractor(path);
    }

    static TenantExtractor header(String name) {
        return new HeaderExtractor(name);
    }

    private static String nonEmpty(String tenant, String where) {
        if (tenant == null || tenant.isEmpty()) {
            throw new MissingTenantException(where + " holds an empty tenant id");
        }
        return tenant;
    }

    private static String typeName(Object value) {
        return value instanceof byte[] ? "byte[]" : value.getClass().getSimpleName();
    }

    private static final class KeyExtractor implements TenantExtractor {
        private final TenantTemplate template;

        KeyExtractor(TenantTemplate template) {
            this.template = template;
        }

        @Override
        public String extract(ConnectRecord<?> record) {
            Object key = record.key();
            if (key == null) {
                throw new MissingTenantException("the record has no key; expected one matching " + describe());
            }
            String text;
            if (key instanceof String) {
                text = (String) key;
            } else if (key instanceof byte[]) {
                // ByteArrayConverter keys (the demux forwards them byte for byte): the tenant is read as UTF-8 text;
                // the rest of the key may be any bytes, which this decoding never changes in the record
                text = new String((byte[]) key, StandardCharsets.UTF_8);
            } else {
                throw new MissingTenantException("the key is a " + typeName(key) + ", not a string or bytes; expected "
                        + "one matching " + describe() + " (is key.converter the StringConverter or ByteArrayConverter?)");
            }
            String tenant;
            try {
                tenant = nonEmpty(template.extract(text, TenantRouterConfig.TENANT_VARIABLE), "key '" + text + "'");
            } catch (TemplateMismatchException e) {
                throw new MissingTenantException(e.getMessage());
            }
            if (tenant.indexOf(UNDECODABLE) >= 0) {
                throw new MissingTenantException("the tenant part of key '" + text + "' is not UTF-8 text");
            }
            return tenant;
        }

        @Override
        public String tenantTerminator() {
            return template.terminator(TenantRouterConfig.TENANT_VARIABLE);
        }

        @Override
        public String describe() {
            return "key template '" + template + "'";
        }
    }

    private static final class TopicExtractor implements TenantExtractor {
        private final TenantTemplate template;
        /** Topic to tenant, or to the MissingTenantException saying why it has none. */
        private final Cache<String, Object> cache = new SynchronizedCache<>(new LRUCache<>(MAX_CACHED_TOPICS));

        TopicExtractor(TenantTemplate template) {
            this.template = template;
        }

        @Override
        public String extract(ConnectRecord<?> record) {
            String topic = record.topic();
            Object cached = cache.get(topic);
            if (cached == null) {
                cached = resolve(topic);
                cache.put(topic, cached);
            }
            if (cached instanceof MissingTenantException) {
                throw (MissingTenantException) cached;
            }
            return (String) cached;
        }

        private Object resolve(String topic) {
            try {
                return nonEmpty(template.extract(topic, TenantRouterConfig.TENANT_VARIABLE), "topic '" + topic + "'");
            } catch (TemplateMismatchException e) {
                return new MissingTenantException(e.getMessage());
            } catch (MissingTenantException e) {
                return e;
            }
        }

        @Override
        public String tenantTerminator() {
            return template.terminator(TenantRouterConfig.TENANT_VARIABLE);
        }

        @Override
        public String describe() {
            return "topic template '" + template + "'";
        }
    }

    private static final class ValueExtractor implements TenantExtractor {
        private final FieldPath path;

        ValueExtractor(FieldPath path) {
            this.path = path;
        }

        @Override
        public String extract(ConnectRecord<?> record) {
            Object value = record.value();
            if (value == null) {
                throw new MissingTenantException("the record has no value (a tombstone), so no field '" + path + "'");
            }
            if (!(value instanceof Struct) && !(value instanceof Map)) {
                throw new MissingTenantException("the value is a " + typeName(value) + ", not a Struct or Map, so no "
                        + "field '" + path + "'");
            }
            Object field;
            try {
                field = path.get(value);
            } catch (DataException e) {
                throw new MissingTenantException(e.getMessage());
            }
            if (field == null) {
                throw new MissingTenantException("the value has no field '" + path + "' (or it is null)");
            }
            String tenant = field instanceof byte[] || field instanceof ByteBuffer ? null : EventStreamHeaders.text(field);
            if (tenant == null) {
                throw new MissingTenantException("field '" + path + "' is a " + typeName(field) + ", not a string");
            }
            return nonEmpty(tenant, "field '" + path + "'");
        }

        @Override
        public String describe() {
            return "value field '" + path + "'";
        }
    }

    private static final class HeaderExtractor implements TenantExtractor {
        private final String name;

        HeaderExtractor(String name) {
            this.name = name;
        }

        @Override
        public String extract(ConnectRecord<?> record) {
            Header header = record.headers().lastWithName(name);
            if (header == null) {
                throw new MissingTenantException("the record has no header '" + name + "'");
            }
            Object value = header.value();
            if (value == null) {
                throw new MissingTenantException("header '" + name + "' is null");
            }
            String lost = EventStreamHeaders.notExactText(name, value);
            if (lost != null) {
                // Not a missing tenant (that policy may drop it): a misconfiguration that must not pass unseen.
                throw new DataException("Cannot read the tenant of record " + RecordCoordinates.describe(record)
                        + ": " + lost);
            }
            return nonEmpty(EventStreamHeaders.exactText(value), "header '" + name + "'");
        }

        @Override
        public String describe() {
            return "header '" + name + "'";
        }
    }
}
