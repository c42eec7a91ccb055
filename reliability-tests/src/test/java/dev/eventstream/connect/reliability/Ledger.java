package dev.eventstream.connect.reliability;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a scenario produced, record by record, with its coordinates (from the broker's acknowledgement) and
 * the fate it must meet: delivered to its tenant's endpoint, dead-lettered, or dropped (a tenant with no
 * endpoint under test). Thread-safe.
 */
final class Ledger {

    enum Fate { DELIVER, DEAD_LETTER, DROP }

    /**
     * One produced record. {@code seq} is the event's number in its body (-1 when the body is not an event);
     * {@code tenant} is the tenant that owns it by the contract, the one its key names by the connectors' key
     * template ({@link Traffic#tenantOfKey}); {@code eventTenant} is the tenant id written in its body, which
     * can differ ({@code acme:eu} in the key {@code acme:eu:call-0}, a record of tenant {@code acme}).
     */
    record Produced(long seq, String tenant, String eventTenant, int partition, long offset, Fate fate, String kind) {
    }

    private final List<Produced> produced = new ArrayList<>();
    private final Map<Long, Produced> bySeq = new HashMap<>();
    private final Map<String, Produced> byCoordinates = new HashMap<>();

    synchronized void add(Produced record) {
        produced.add(record);
        if (record.seq() >= 0) {
            bySeq.put(record.seq(), record);
        }
        byCoordinates.put(record.partition() + "@" + record.offset(), record);
    }

    synchronized List<Produced> all() {
        return List.copyOf(produced);
    }

    synchronized Produced bySeq(long seq) {
        return bySeq.get(seq);
    }

    synchronized Produced at(int partition, long offset) {
        return byCoordinates.get(partition + "@" + offset);
    }

    synchronized long count(Fate fate) {
        return produced.stream().filter(record -> record.fate() == fate).count();
    }

    synchronized int size() {
        return produced.size();
    }
}
