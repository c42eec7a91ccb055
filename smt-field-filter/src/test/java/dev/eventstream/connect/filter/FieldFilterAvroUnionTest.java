package dev.eventstream.connect.filter;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.eventstream.connect.filter.AvroEvents.card;
import static dev.eventstream.connect.filter.AvroEvents.giftCard;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Paths go through Avro unions: Connect values exactly as {@code AvroConverter} reads them (a union of two or more
 * non-null branches is a {@code io.confluent.connect.avro.Union} struct with one optional field per branch), and
 * the JSON the sinks then deliver, for the record key and value.
 */
class FieldFilterAvroUnionTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cr3t-s3cr3t-s3cr3t-s3cr3t-s3cr3t";

    private FieldFilter<SinkRecord> transform;

    @AfterEach
    void close() {
        if (transform != null) {
            transform.close();
        }
    }

    private Map<String, Object> filtered(boolean key, Map<String, String> props, String topic, GenericRecord datum) {
        transform = key ? new FieldFilter.Key<>() : new FieldFilter.Value<>();
        transform.configure(props);
        SinkRecord output = transform.apply(AvroEvents.record(key, topic, datum));
        Object operand = key ? output.key() : output.value();
        ((Struct) operand).validate();
        assertThat(key ? output.keySchema() : output.valueSchema()).isSameAs(((Struct) operand).schema());
        return parse(AvroEvents.json(output, key));
    }

    private static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static GenericRecord payment(Object card, Object method) {
        return AvroEvents.payment(card, card("5500000000000004", "Alice"), method,
                List.of(card("4000000000000002", "Alice"), giftCard("6000000000000001", 25L)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void dropReachesThroughUnionsOfRecordsAndNullOfSeveralRecordsAndOfARecordAndAString(boolean key) {
        Map<String, String> props = Map.of("fields.drop", "card.number,previousCard.number,method.number,history.*.number");

        Map<String, Object> cards = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(card("4111111111111111", "Alice"), card("340000000000009", "Bob")));
        Map<String, Object> gift = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(giftCard("6011000000000004", 40L), "cash"));

        assertThat(cards).isEqualTo(Map.of("id", "pay-1", "card", Map.of("holder", "Alice"),
                "previousCard", Map.of("holder", "Alice"), "method", Map.of("holder", "Bob"),
                "history", List.of(Map.of("holder", "Alice"), Map.of("balance", 25))));
        assertThat(gift).isEqualTo(Map.of("id", "pay-1", "card", Map.of("balance", 40),
                "previousCard", Map.of("holder", "Alice"), "method", "cash",
                "history", List.of(Map.of("holder", "Alice"), Map.of("balance", 25))));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aNullUnionIsLeftAlone(boolean key) {
        Map<String, Object> out = filtered(key, Map.of("fields.drop", "card.number,previousCard.number"),
                AvroEvents.PAYMENT_TOPIC, AvroEvents.payment(null, null, "cash", List.of()));

        assertThat(out).containsEntry("card", null).containsEntry("previousCard", null).containsEntry("method", "cash");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void maskAndHashReachThroughUnionsAndKeepTheirTypes(boolean key) {
        Map<String, Object> out = filtered(key, Map.of("fields.mask", "card.number,history.*.number",
                        "fields.hash", "method", "fields.mask.keep.last", "4", "fields.hash.secret", SECRET),
                AvroEvents.PAYMENT_TOPIC, payment(giftCard("6011000000000004", 40L), "cash"));
        KeyedHasher hasher = new KeyedHasher(SECRET);

        assertThat(out.get("card")).isEqualTo(Map.of("number", "****0004", "balance", 40));
        assertThat(out.get("method")).isEqualTo(hasher.hash("cash"));
        assertThat(out.get("history")).isEqualTo(List.of(Map.of("number", "****0002", "holder", "Alice"),
                Map.of("number", "****0001", "balance", 25)));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMaskOnAUnionYieldsToADropBelowItInRecordBranchesAndMasksAScalarBranch(boolean key) {
        Map<String, String> props = Map.of("fields.mask", "card,method", "fields.drop", "card.number,method.number");

        Map<String, Object> gift = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(giftCard("6011000000000004", 40L), "cash"));
        Map<String, Object> cards = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(card("4111111111111111", "Alice"), card("340000000000009", "Bob")));

        assertThat(gift).containsEntry("card", Map.of("balance", 0)).containsEntry("method", "****");
        assertThat(cards).containsEntry("card", Map.of("holder", "****")).containsEntry("method", Map.of("holder", "****"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPathMayStillNameTheBranchAsConnectsUnionStructDoes(boolean key) {
        Map<String, String> props = Map.of("fields.drop", "card.`dev.eventstream.test.Card`.number",
                "fields.mask", "method.string,card.holder");

        Map<String, Object> cards = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(card("4111111111111111", "Alice"), "cash"));
        Map<String, Object> gift = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(giftCard("6011000000000004", 40L), card("340000000000009", "Bob")));

        assertThat(cards).containsEntry("card", Map.of("holder", "****")).containsEntry("method", "****");
        assertThat(gift).containsEntry("card", Map.of("number", "6011000000000004", "balance", 40))
                .containsEntry("method", Map.of("number", "340000000000009", "holder", "Bob"));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void keepReachesThroughUnionsAndRemovesABranchThatHoldsNoKeptPath(boolean key) {
        Map<String, String> props = Map.of("fields.keep", "id,card.holder,method.holder");

        Map<String, Object> cards = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(card("4111111111111111", "Alice"), card("340000000000009", "Bob")));
        Map<String, Object> gift = filtered(key, props, AvroEvents.PAYMENT_TOPIC,
                payment(giftCard("6011000000000004", 40L), "cash"));

        assertThat(cards).isEqualTo(Map.of("id", "pay-1", "card", Map.of("holder", "Alice"),
                "method", Map.of("holder", "Bob")));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("id", "pay-1");
        expected.put("card", Map.of());
        expected.put("method", null); // the string branch holds no kept path
        assertThat(gift).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void hashReachesIntoAMapOfUnionsOfTheVoiceCallthreadSchema(boolean key) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("CustomerEmail", "alice@example.com");
        extensions.put("queue", "support");
        extensions.put("waitMillis", 1512L);
        extensions.put("recorded", true);
        extensions.put("note", null);

        Map<String, Object> out = filtered(key, Map.of("fields.hash", "Extensions.CustomerEmail",
                "fields.hash.secret", SECRET), AvroEvents.VOICE_TOPIC, AvroEvents.callEvent(extensions));

        Map<String, Object> expected = new LinkedHashMap<>(extensions);
        expected.put("CustomerEmail", new KeyedHasher(SECRET).hash("alice@example.com"));
        expected.put("waitMillis", 1512); // as JSON reads it back
        assertThat(out.get("Extensions")).isEqualTo(expected);
        assertThat(out).containsEntry("ANI", "+15551234567").containsEntry("tenantId", "acme");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aMaskOnAMapOfUnionsYieldsToAHashOnOneKey(boolean key) {
        Map<String, Object> extensions = new LinkedHashMap<>();
        extensions.put("CustomerEmail", "alice@example.com");
        extensions.put("queue", "support");
        extensions.put("waitMillis", 1512L);
        extensions.put("recorded", true);

        Map<String, Object> out = filtered(key, Map.of("fields.mask", "Extensions", "fields.hash",
                "Extensions.CustomerEmail", "fields.hash.secret", SECRET), AvroEvents.VOICE_TOPIC,
                AvroEvents.callEvent(extensions));

        assertThat(out.get("Extensions")).isEqualTo(Map.of("CustomerEmail", new KeyedHasher(SECRET).hash("alice@example.com"),
                "queue", "****", "waitMillis", 0, "recorded", false));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aBooleanInAHashedUnionIsADataExceptionForThatRecordWithPathAndCoordinates(boolean key) {
        transform = key ? new FieldFilter.Key<>() : new FieldFilter.Value<>();
        transform.configure(Map.of("fields.hash", "Extensions.CustomerEmail", "fields.hash.secret", SECRET));

        assertThatThrownBy(() -> transform.apply(AvroEvents.record(key, AvroEvents.VOICE_TOPIC,
                AvroEvents.callEvent(Map.of("CustomerEmail", true)))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("fields.hash path 'Extensions.CustomerEmail'")
                .hasMessageContaining("branch BOOLEAN")
                .hasMessageContaining("mask this field instead")
                .hasMessageContaining("(topic voice-callthread, partition 0, offset 1815)");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPathBelowAUnionOfScalarsIsRefusedNamingThePath(boolean key) {
        transform = key ? new FieldFilter.Key<>() : new FieldFilter.Value<>();
        transform.configure(Map.of("fields.drop", "Extensions.*.x"));

        assertThatThrownBy(() -> transform.apply(AvroEvents.record(key, AvroEvents.VOICE_TOPIC,
                AvroEvents.callEvent(Map.of("queue", "support")))))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("fields.drop path 'Extensions.*.x'")
                .hasMessageContaining("'Extensions.*' is a union of")
                .hasMessageContaining("offset 1815");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void theUnionSchemaKeepsItsNameAndOptionality(boolean key) {
        transform = key ? new FieldFilter.Key<>() : new FieldFilter.Value<>();
        transform.configure(Map.of("fields.drop", "card.number"));

        SinkRecord output = transform.apply(AvroEvents.record(key, AvroEvents.PAYMENT_TOPIC,
                payment(card("4111111111111111", "Alice"), "cash")));

        Schema card = (key ? output.keySchema() : output.valueSchema()).field("card").schema();
        assertThat(card.name()).isEqualTo("io.confluent.connect.avro.Union");
        assertThat(card.isOptional()).isTrue();
        assertThat(card.fields()).extracting(f -> f.name())
                .containsExactly("dev.eventstream.test.Card", "dev.eventstream.test.GiftCard");
        assertThat(card.field("dev.eventstream.test.Card").schema().isOptional()).isTrue();
        assertThat(card.field("dev.eventstream.test.Card").schema().fields()).extracting(f -> f.name())
                .containsExactly("holder");
    }
}
