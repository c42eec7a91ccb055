package dev.eventstream.connect.http;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.eventstream.connect.json.JsonRenderer;
import dev.eventstream.connect.json.JsonText;
import java.io.IOException;
import org.apache.kafka.connect.sink.SinkRecord;

/** Writes a record's value as one JSON value, as {@code value.encoding} says. */
enum ValueWriter {

    /** Connect data (Struct, Map, List, primitives, logical types) rendered by the shared renderer. */
    CONNECT {
        @Override
        void write(SinkRecord record, JsonGenerator generator) throws IOException {
            JsonRenderer.INSTANCE.write(record.valueSchema(), record.value(), generator);
        }
    },

    /** The value is JSON text already (String or bytes): checked to be one JSON value, then copied as is. */
    JSON {
        @Override
        void write(SinkRecord record, JsonGenerator generator) throws IOException {
            if (record.value() == null) {
                generator.writeNull();
            } else {
                JsonText.write(record.value(), generator);
            }
        }
    };

    abstract void write(SinkRecord record, JsonGenerator generator) throws IOException;

    static ValueWriter forConfig(HttpsSinkConfig config) {
        return config.valueEncoding() == HttpsSinkConfig.ValueEncoding.JSON ? JSON : CONNECT;
    }
}
