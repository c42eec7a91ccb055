package dev.eventstream.connect.filter;

import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.eventstream.connect.filter.AvroEvents.card;
import static dev.eventstream.connect.filter.AvroEvents.giftCard;
import static org.assertj.core.api.Assertions.assertThat;

/** FieldMatches reads through Avro unions, on values exactly as {@code AvroConverter} produces them. */
class FieldMatchesAvroUnionTest {

    private final FieldMatches<SinkRecord> predicate = new FieldMatches<>();

    @AfterEach
    void close() {
        predicate.close();
    }

    private boolean matches(Map<String, String> props, SinkRecord record) {
        predicate.configure(props);
        return predicate.test(record);
    }

    private static SinkRecord payment(Object card, Object method) {
        return AvroEvents.record(false, AvroEvents.PAYMENT_TOPIC, AvroEvents.payment(card, null, method,
                List.of(card("4000000000000002", "Alice"), giftCard("6000000000000001", 25L))));
    }

    @Test
    void aPathThroughAUnionOfRecordsReadsTheBranchThatIsSet() {
        SinkRecord cardPayment = payment(card("4111111111111111", "Alice"), "cash");
        SinkRecord giftPayment = payment(giftCard("6011000000000004", 40L), "cash");

        assertThat(matches(Map.of("field", "card.holder", "values", "Alice"), cardPayment)).isTrue();
        assertThat(matches(Map.of("field", "card.holder", "values", "Alice"), giftPayment)).isFalse();
        assertThat(matches(Map.of("field", "card.number", "patterns", "6011*"), giftPayment)).isTrue();
        assertThat(matches(Map.of("field", "history.*.number", "patterns", "6000*"), cardPayment)).isTrue();
        assertThat(matches(Map.of("field", "card.*", "values", "40"), giftPayment)).isTrue();
    }

    @Test
    void aPathMayStillNameTheBranch() {
        SinkRecord cardPayment = payment(card("4111111111111111", "Alice"), "cash");

        assertThat(matches(Map.of("field", "card.`dev.eventstream.test.Card`.holder", "values", "Alice"), cardPayment))
                .isTrue();
        assertThat(matches(Map.of("field", "method.string", "values", "cash"), cardPayment)).isTrue();
        assertThat(matches(Map.of("field", "card.`dev.eventstream.test.GiftCard`.number", "patterns", "*"), cardPayment))
                .isFalse();
    }

    @Test
    void aUnionAtTheEndOfThePathComparesTheBranchValue() {
        assertThat(matches(Map.of("field", "method", "patterns", "ca*"), payment(null, "cash"))).isTrue();
        assertThat(matches(Map.of("field", "method", "patterns", "*"), payment(null, card("1", "Bob")))).isFalse();

        SinkRecord call = AvroEvents.record(false, AvroEvents.VOICE_TOPIC,
                AvroEvents.callEvent(Map.of("queue", "support", "waitMillis", 1512L)));
        assertThat(matches(Map.of("field", "Extensions.queue", "values", "support"), call)).isTrue();
        assertThat(matches(Map.of("field", "Extensions.waitMillis", "values", "1512"), call)).isTrue();
        assertThat(matches(Map.of("field", "Extensions.*", "values", "support"), call)).isTrue();
        assertThat(matches(Map.of("field", "Extensions.queue", "values", "sales"), call)).isFalse();
    }
}
