package dev.eventstream.connect.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class StructFillerTest {

    private static final Schema INNER = SchemaBuilder.struct().name("test.Inner")
            .field("n", Schema.INT64_SCHEMA).build();
    private static final Schema OUTER = SchemaBuilder.struct().name("test.Outer")
            .field("name", Schema.STRING_SCHEMA)
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .field("inner", INNER)
            .field("tags", SchemaBuilder.array(Schema.STRING_SCHEMA).build())
            .build();

    @Test
    void fillsStructsDirectlyOnTheKafkaVersionWeBuildWith() {
        // fails when a Kafka upgrade drops Struct.values: decoding then falls back to the slower Struct.put
        assertThat(StructFiller.fillsDirectly()).isTrue();
    }

    @Test
    void aFilledStructIsTheStructThatPutBuilds() {
        Struct inner = new Struct(INNER);
        StructFiller.set(inner, INNER.field("n"), 7L);
        Struct filled = new Struct(OUTER);
        StructFiller.set(filled, OUTER.field("name"), "a");
        StructFiller.set(filled, OUTER.field("inner"), inner);
        StructFiller.set(filled, OUTER.field("tags"), List.of("x", "y"));

        Struct put = new Struct(OUTER).put("name", "a").put("inner", new Struct(INNER).put("n", 7L))
                .put("tags", List.of("x", "y"));

        filled.validate();
        assertThat(filled).isEqualTo(put).hasSameHashCodeAs(put).hasToString(put.toString());
        assertThat(filled.getString("name")).isEqualTo("a");
        assertThat(filled.getString("note")).isNull();
        assertThat(filled.getStruct("inner").getInt64("n")).isEqualTo(7L);
    }
}
