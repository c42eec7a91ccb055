package dev.eventstream.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class TenantUsageTest {

    @Test
    void countsRecordsAndBytesPerTenantExactly() {
        TenantUsage usage = new TenantUsage();
        usage.delivered(record(new ConnectHeaders().addString(EventStreamHeaders.TENANT, "acme")), 100);
        usage.delivered(record(new ConnectHeaders().addBytes(EventStreamHeaders.TENANT, "acme".getBytes(StandardCharsets.UTF_8))), 50);
        usage.delivered(record(new ConnectHeaders().addString(EventStreamHeaders.TENANT, "ACME")), 7);
        usage.delivered(record(new ConnectHeaders()), 3);

        assertThat(usage.snapshot()).containsOnlyKeys("acme", "ACME", TenantUsage.UNKNOWN_TENANT);
        assertThat(usage.snapshot().get("acme")).isEqualTo(new TenantUsage.Usage(2, 150));
        assertThat(usage.snapshot().get("ACME")).isEqualTo(new TenantUsage.Usage(1, 7));
        assertThat(usage.snapshot().get(TenantUsage.UNKNOWN_TENANT)).isEqualTo(new TenantUsage.Usage(1, 3));
    }

    @Test
    void isSafeUnderConcurrentDelivery() {
        TenantUsage usage = new TenantUsage();
        SinkRecord acme = record(new ConnectHeaders().addString(EventStreamHeaders.TENANT, "acme"));
        IntStream.range(0, 10_000).parallel().forEach(i -> usage.delivered(acme, 2));
        assertThat(usage.snapshot().get("acme")).isEqualTo(new TenantUsage.Usage(10_000, 20_000));
    }

    @Test
    void theTenantIsTheLastHeadersText() {
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders().addString(EventStreamHeaders.TENANT, "globex")
                .addString(EventStreamHeaders.TENANT, "acme"))).isEqualTo("acme");
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders().addString(EventStreamHeaders.TENANT, "0042"))).isEqualTo("0042");
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders().addInt(EventStreamHeaders.TENANT, 12345)))
                .as("a number is not the header's text: 012345 and 12345 both parse to it").isNull();
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders().add(EventStreamHeaders.TENANT,
                ByteBuffer.wrap("acme".getBytes(StandardCharsets.UTF_8)), null))).isEqualTo("acme");
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders().addString(EventStreamHeaders.TENANT, ""))).isNull();
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders().addBoolean(EventStreamHeaders.TENANT, true))).isNull();
        assertThat(EventStreamHeaders.tenant(new ConnectHeaders())).isNull();
    }

    private static SinkRecord record(Headers headers) {
        return new SinkRecord("voice", 0, null, null, null, "{}", 1, null, null, headers);
    }
}
