package dev.eventstream.connect.avro;

import java.io.IOException;
import java.util.LinkedHashMap;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * The test oracle: decodes one Avro datum the way the converter did before it decoded straight into Connect
 * data, with Avro's {@link GenericDatumReader} (writer schema resolved against the reader schema, maps in wire
 * order) and then {@link LegacyAvroToConnect}. Kept verbatim from the former {@code AvroRecordDecoder}; only the
 * framing, the registry and the error messages are left out. Not production code: do not fix or improve it.
 */
final class GenericDatumReaderOracle {

    private static final int MAX_INITIAL_CAPACITY = 1024;

    private final LegacyAvroToConnect.Mapping mapping;
    private final GenericDatumReader<Object> reader;
    private final boolean checkCounts;

    GenericDatumReaderOracle(Schema writer, Schema reader) {
        this.mapping = LegacyAvroToConnect.compile(reader);
        this.reader = new GenericDatumReader<>(writer, reader, new OrderedGenericData());
        this.checkCounts = DecodePlan.itemCountsAreBounded(writer);
    }

    /** The Connect data of the Avro binary {@code bytes[offset..]}; throws whatever the old path threw. */
    SchemaAndValue decode(byte[] bytes, int offset) throws IOException {
        BoundedDecoder decoder = new BoundedDecoder()
                .reset(DecoderFactory.get().binaryDecoder(bytes, offset, bytes.length - offset, null), checkCounts);
        Object datum = reader.read(null, decoder);
        if (!decoder.isEnd()) {
            throw new IOException("bytes left over");
        }
        return new SchemaAndValue(mapping.schema(), mapping.mapper().map(datum));
    }

    private static final class OrderedGenericData extends GenericData {

        @Override
        public Object newArray(Object old, int size, Schema schema) {
            return super.newArray(old, Math.min(size, MAX_INITIAL_CAPACITY), schema);
        }

        @Override
        public Object newMap(Object old, int size) {
            if (old instanceof LinkedHashMap<?, ?> map) {
                map.clear();
                return map;
            }
            return new LinkedHashMap<>(Math.min(size, MAX_INITIAL_CAPACITY) * 4 / 3 + 1);
        }
    }
}
