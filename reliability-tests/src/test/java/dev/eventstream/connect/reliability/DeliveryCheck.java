package dev.eventstream.connect.reliability;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Compares what was produced ({@link Ledger}) with what arrived at the endpoints and in the dead letter
 * queue, and counts: lost (produced, neither arrived nor dead-lettered), duplicated (arrived more than once
 * at an endpoint), reordered (a first arrival older than one already seen from the same partition),
 * dead-lettered (by reason), good records dead-lettered, bad records delivered, and events at the wrong
 * tenant's endpoint.
 */
final class DeliveryCheck {

    /** One event as an endpoint received it: the endpoint's tenant, the event's seq and the tenant id in its body, when. */
    record Arrival(String endpointTenant, long seq, String eventTenant, Instant at) {
    }

    /** One dead letter: the original record's coordinates and Connect's error context. */
    record DeadLetter(int partition, long offset, String stage, String message) {
    }

    /** The figures of one scenario. */
    record Counts(long produced, long delivered, long lost, long duplicates, long reordered, long deadLettered,
                  long goodDeadLettered, long badDelivered, long wrongTenant, Map<String, Long> deadLetterReasons) {

        @Override
        public String toString() {
            return "produced=" + produced + " delivered=" + delivered + " lost=" + lost + " duplicates=" + duplicates
                + " reordered=" + reordered + " dlq=" + deadLettered + " goodInDlq=" + goodDeadLettered
                + " badDelivered=" + badDelivered + " wrongTenant=" + wrongTenant + " dlqReasons=" + deadLetterReasons;
        }
    }

    private final Ledger ledger;
    private final List<Arrival> arrivals;
    private final List<DeadLetter> deadLetters;

    DeliveryCheck(Ledger ledger, List<Arrival> arrivals, List<DeadLetter> deadLetters) {
        this.ledger = ledger;
        this.arrivals = List.copyOf(arrivals);
        this.deadLetters = List.copyOf(deadLetters);
    }

    Counts counts() {
        Map<String, Instant> firstArrival = new HashMap<>();
        long duplicates = 0;
        long wrongTenant = 0;
        long reordered = 0;
        Map<String, Long> lastSeqPerPartition = new HashMap<>();
        for (Arrival arrival : arrivals) {
            Ledger.Produced produced = ledger.bySeq(arrival.seq());
            // Not a produced event, not the owner's endpoint, or a body that is not the produced event's.
            if (produced == null || !produced.tenant().equals(arrival.endpointTenant())
                    || !produced.eventTenant().equals(arrival.eventTenant())) {
                wrongTenant++;
                continue;
            }
            String key = arrival.endpointTenant() + "\u0000" + arrival.seq();
            if (firstArrival.putIfAbsent(key, arrival.at()) != null) {
                duplicates++;
                continue;
            }
            String partitionKey = arrival.endpointTenant() + "\u0000" + produced.partition();
            Long last = lastSeqPerPartition.get(partitionKey);
            if (last != null && produced.seq() < last) {
                reordered++;
            } else {
                lastSeqPerPartition.put(partitionKey, produced.seq());
            }
        }

        Set<Ledger.Produced> deadLettered = new HashSet<>();
        Map<String, Long> reasons = new TreeMap<>();
        for (DeadLetter deadLetter : deadLetters) {
            Ledger.Produced produced = ledger.at(deadLetter.partition(), deadLetter.offset());
            if (produced != null && deadLettered.add(produced)) {
                reasons.merge(deadLetter.stage() + ": " + reasonClass(deadLetter.message()), 1L, Long::sum);
            }
        }

        long delivered = 0;
        long lost = 0;
        long goodDeadLettered = 0;
        long badDelivered = 0;
        for (Ledger.Produced produced : ledger.all()) {
            boolean arrived = produced.seq() >= 0 && firstArrival.containsKey(produced.tenant() + "\u0000" + produced.seq());
            boolean inDlq = deadLettered.contains(produced);
            if (arrived) {
                delivered++;
            }
            switch (produced.fate()) {
                case DELIVER -> {
                    if (!arrived && !inDlq) {
                        lost++;
                    }
                    if (inDlq) {
                        goodDeadLettered++;
                    }
                }
                case DEAD_LETTER -> {
                    if (!inDlq && !arrived) {
                        lost++;
                    }
                    if (arrived) {
                        badDelivered++;
                    }
                }
                case DROP -> {
                    // No endpoint of this tenant is under test: it must arrive nowhere (counted as wrong tenant).
                }
            }
        }
        return new Counts(ledger.size(), delivered, lost, duplicates, reordered, deadLettered.size(),
            goodDeadLettered, badDelivered, wrongTenant, reasons);
    }

    /**
     * The duplicates whose first delivery happened before {@code instant - window}: a crash at {@code instant}
     * may only redeliver what was delivered after the last offset commit, at most one commit interval (plus
     * the commit's own latency, in {@code window}) earlier.
     */
    long duplicatesFirstDeliveredBefore(Instant instant, Duration window) {
        Instant bound = instant.minus(window);
        Map<String, Instant> first = new LinkedHashMap<>();
        long outside = 0;
        for (Arrival arrival : arrivals) {
            String key = arrival.endpointTenant() + "\u0000" + arrival.seq();
            Instant earlier = first.putIfAbsent(key, arrival.at());
            if (earlier != null && earlier.isBefore(bound)) {
                outside++;
            }
        }
        return outside;
    }

    /** How many distinct events were first delivered within {@code window} before {@code instant}. */
    long firstDeliveredWithin(Instant instant, Duration window) {
        Instant bound = instant.minus(window);
        Map<String, Instant> first = new LinkedHashMap<>();
        for (Arrival arrival : arrivals) {
            first.putIfAbsent(arrival.endpointTenant() + "\u0000" + arrival.seq(), arrival.at());
        }
        return first.values().stream().filter(at -> !at.isBefore(bound) && !at.isAfter(instant)).count();
    }

    /** Lost events per tenant (quoted, so that spaces show), for the report of a failing scenario. */
    Map<String, Long> lostByTenant() {
        Set<String> arrived = new HashSet<>();
        arrivals.forEach(arrival -> arrived.add(arrival.endpointTenant() + "\u0000" + arrival.seq()));
        Set<Ledger.Produced> deadLettered = new HashSet<>();
        deadLetters.forEach(deadLetter -> deadLettered.add(ledger.at(deadLetter.partition(), deadLetter.offset())));
        Map<String, Long> lost = new TreeMap<>();
        for (Ledger.Produced produced : ledger.all()) {
            if (produced.fate() != Ledger.Fate.DROP && !deadLettered.contains(produced)
                    && !arrived.contains(produced.tenant() + "\u0000" + produced.seq())) {
                lost.merge("'" + produced.tenant() + "'", 1L, Long::sum);
            }
        }
        return lost;
    }

    /** Events at the wrong endpoint, per endpoint tenant and the event's own tenant. */
    Map<String, Long> wrongTenantByEndpoint() {
        Map<String, Long> wrong = new TreeMap<>();
        for (Arrival arrival : arrivals) {
            Ledger.Produced produced = ledger.bySeq(arrival.seq());
            String actual = produced == null ? arrival.eventTenant() : produced.tenant();
            if (!actual.equals(arrival.endpointTenant())) {
                wrong.merge("'" + actual + "' at '" + arrival.endpointTenant() + "'", 1L, Long::sum);
            }
        }
        return wrong;
    }

    /** The dead letters whose original record this check does not know (none in a sound run). */
    List<DeadLetter> unknownDeadLetters() {
        List<DeadLetter> unknown = new ArrayList<>();
        for (DeadLetter deadLetter : deadLetters) {
            if (ledger.at(deadLetter.partition(), deadLetter.offset()) == null) {
                unknown.add(deadLetter);
            }
        }
        return unknown;
    }

    private static String reasonClass(String message) {
        if (message == null) {
            return "(no message)";
        }
        // Numbers (offsets, attempts, ports) vary per record: the reason is the message without them.
        String firstLine = message.lines().findFirst().orElse("").replaceAll("\\d+", "#");
        return firstLine.length() > 120 ? firstLine.substring(0, 120) : firstLine;
    }
}
