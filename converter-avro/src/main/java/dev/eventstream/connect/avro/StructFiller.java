package dev.eventstream.connect.avro;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the fields of the Structs that {@link AvroToConnect} builds, without {@link Struct#put}'s check of each
 * value against its schema.
 *
 * <p>Why: {@code Struct.put} validates every value it is given (building the field's label string on every call)
 * and re-validates a nested Struct, List or Map element by element each time it is put into its parent. That was
 * half of the decoding time, for nothing: the decoder builds each value from the very schema it is put under, so
 * it is valid by construction ({@code DecodeEquivalenceTest} holds the result to the former {@code Struct.put}
 * path and validates every decoded Struct). The values go straight into the Struct's own value array (Kafka's
 * private {@code Struct.values}, read through a {@link VarHandle}); the resulting Struct is indistinguishable from
 * one filled with {@code put}. Should a Kafka version not have that field, the filler falls back to {@code put}
 * (slower, same result) and says so once in the log; {@code StructFillerTest} fails on such a version.
 */
final class StructFiller {

    private static final Logger log = LoggerFactory.getLogger(StructFiller.class);
    private static final VarHandle VALUES = valuesHandle();

    private StructFiller() {
    }

    /** Sets {@code field} of {@code struct}, a Struct of the schema that {@code value} was decoded for. */
    static void set(Struct struct, Field field, Object value) {
        if (VALUES == null) {
            struct.put(field, value);
        } else {
            ((Object[]) VALUES.get(struct))[field.index()] = value;
        }
    }

    /** Whether values go straight into the Struct (true), or through {@link Struct#put} on this Kafka version. */
    static boolean fillsDirectly() {
        return VALUES != null;
    }

    private static VarHandle valuesHandle() {
        try {
            return MethodHandles.privateLookupIn(Struct.class, MethodHandles.lookup())
                    .findVarHandle(Struct.class, "values", Object[].class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.info("Decoded Avro values are set with Struct.put, which validates each one again ({}); "
                    + "decoding is slower but gives the same data", e.toString());
            return null;
        }
    }
}
