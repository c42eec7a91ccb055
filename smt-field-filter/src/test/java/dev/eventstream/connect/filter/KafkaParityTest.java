package dev.eventstream.connect.filter;

import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** For top-level paths, FieldFilter gives what Kafka's ReplaceField and MaskField give on the same record. */
class KafkaParityTest {

    private static SinkRecord record(boolean struct) {
        return struct ? CallEvents.valueRecord(CallEvents.SCHEMA, CallEvents.struct())
                : CallEvents.valueRecord(null, CallEvents.map());
    }

    private static SinkRecord apply(Transformation<SinkRecord> transform, Map<String, String> props, SinkRecord record) {
        transform.configure(props);
        try {
            return transform.apply(record);
        } finally {
            transform.close();
        }
    }

    private static void assertSameResult(SinkRecord ours, SinkRecord kafkas) {
        assertThat(ours.value()).isEqualTo(kafkas.value());
        assertThat(ours.valueSchema()).isEqualTo(kafkas.valueSchema());
        assertThat(ours.key()).isEqualTo(kafkas.key());
        assertThat(ours.topic()).isEqualTo(kafkas.topic());
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void dropIsReplaceFieldExclude(boolean struct) {
        SinkRecord ours = apply(new FieldFilter.Value<>(), Map.of("fields.drop", "ANI,DNIS,UserData,Missing"), record(struct));
        SinkRecord kafkas = apply(new ReplaceField.Value<>(), Map.of("exclude", "ANI,DNIS,UserData,Missing"), record(struct));

        assertSameResult(ours, kafkas);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void keepIsReplaceFieldInclude(boolean struct) {
        SinkRecord ours = apply(new FieldFilter.Value<>(), Map.of("fields.keep", "id,duration,Parties"), record(struct));
        SinkRecord kafkas = apply(new ReplaceField.Value<>(), Map.of("include", "id,duration,Parties"), record(struct));

        assertSameResult(ours, kafkas);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void maskOfStringsIsMaskFieldWithAReplacement(boolean struct) {
        SinkRecord ours = apply(new FieldFilter.Value<>(), Map.of("fields.mask", "ANI,DNIS",
                "fields.mask.replacement", "<hidden>"), record(struct));
        SinkRecord kafkas = apply(new MaskField.Value<>(), Map.of("fields", "ANI,DNIS", "replacement", "<hidden>"),
                record(struct));

        assertSameResult(ours, kafkas);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void maskOfNumbersAndBooleansIsMaskField(boolean struct) {
        SinkRecord ours = apply(new FieldFilter.Value<>(), Map.of("fields.mask", "duration,recorded"), record(struct));
        SinkRecord kafkas = apply(new MaskField.Value<>(), Map.of("fields", "duration,recorded"), record(struct));

        assertSameResult(ours, kafkas);
    }
}
