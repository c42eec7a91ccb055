package dev.eventstream.connect.avro;

import java.io.EOFException;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.ResolvingDecoder;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;

/**
 * How the records written with one writer schema are read with one reader schema, compiled once: the reader's
 * Connect mapping ({@link AvroToConnect}), which decodes straight into Connect data, and, only when the two
 * schemas differ, Avro's schema resolution ({@link ResolvingDecoder}) between the bytes and that mapping. A
 * failure of the record is a {@link DataException} saying what is wrong with the bytes.
 */
final class DecodePlan {

    private final Schema writer;
    private final Integer schemaId;
    private final AvroToConnect.Mapping mapping;
    private final boolean itemCountsAreBounded;
    /** Avro's resolving decoder for the pair, one per thread (it holds parse state); null for equal schemas. */
    private final ThreadLocal<ResolvingDecoder> resolvers;

    /**
     * @param schemaId the registry id of the writer schema, or null for plain Avro (only used in messages)
     * @param mapping  the compiled mapping of {@code reader}
     * @throws DataException if the reader schema cannot read what the writer schema wrote
     */
    DecodePlan(Schema writer, Schema reader, Integer schemaId, AvroToConnect.Mapping mapping) {
        this.writer = writer;
        this.schemaId = schemaId;
        this.mapping = mapping;
        this.itemCountsAreBounded = itemCountsAreBounded(writer);
        if (writer.equals(reader)) {
            this.resolvers = null;
            return;
        }
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new DataException("the writer schema " + writer.getFullName()
                    + " cannot be read with the reader schema " + reader.getFullName() + ": "
                    + compatibility.getResult().getIncompatibilities());
        }
        Schema aliased = Schema.applyAliases(writer, reader);
        this.resolvers = ThreadLocal.withInitial(() -> resolvingDecoder(aliased, reader));
    }

    /** The Connect data of the Avro datum in {@code bytes[offset..]}, which must hold exactly that datum. */
    SchemaAndValue decode(byte[] bytes, int offset, BoundedDecoder decoder) {
        int length = bytes.length - offset;
        decoder.reset(DecoderFactory.get().binaryDecoder(bytes, offset, length, decoder.binaryDecoder()),
                itemCountsAreBounded);
        Object value;
        try {
            value = read(decoder);
            if (!decoder.isEnd()) {
                throw new DataException("corrupt payload: bytes left over after the Avro datum of " + describe());
            }
        } catch (EOFException e) {
            throw new DataException("truncated payload: " + length + " byte(s) end before the Avro datum of "
                    + describe() + " is complete", e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException) {
                throw (DataException) e;
            }
            throw new DataException("corrupt payload: it does not decode as " + describe() + " ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", e);
        }
        return new SchemaAndValue(mapping.schema(), value);
    }

    private Object read(BoundedDecoder decoder) throws IOException {
        if (resolvers == null) {
            return mapping.reader().read(decoder);
        }
        ResolvingDecoder resolving = resolvers.get();
        resolving.configure(decoder);
        Object value = mapping.reader().read(resolving);
        // skips what the writer wrote after the reader's last field
        resolving.drain();
        return value;
    }

    private String describe() {
        String name = writer.getType() == Schema.Type.RECORD ? writer.getFullName() : writer.getType().getName();
        return schemaId == null ? name : name + " (schema id " + schemaId + ")";
    }

    private static ResolvingDecoder resolvingDecoder(Schema writer, Schema reader) {
        try {
            return DecoderFactory.get().resolvingDecoder(writer, reader, null);
        } catch (IOException e) {
            throw new DataException("the writer schema " + writer.getFullName() + " cannot be resolved against "
                    + "the reader schema " + reader.getFullName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Whether every array in {@code writer} has items that take at least one byte, so that an array's item count
     * can be checked against the bytes left (see {@link BoundedDecoder}).
     */
    static boolean itemCountsAreBounded(Schema writer) {
        return !hasArrayOfZeroSizeItems(writer, new HashSet<>());
    }

    private static boolean hasArrayOfZeroSizeItems(Schema schema, Set<String> seen) {
        return switch (schema.getType()) {
            case ARRAY -> mayBeEmpty(schema.getElementType(), new HashSet<>())
                    || hasArrayOfZeroSizeItems(schema.getElementType(), seen);
            case MAP -> hasArrayOfZeroSizeItems(schema.getValueType(), seen);
            case UNION -> schema.getTypes().stream().anyMatch(branch -> hasArrayOfZeroSizeItems(branch, seen));
            case RECORD -> seen.add(schema.getFullName())
                    && schema.getFields().stream().anyMatch(field -> hasArrayOfZeroSizeItems(field.schema(), seen));
            default -> false;
        };
    }

    private static boolean mayBeEmpty(Schema schema, Set<String> seen) {
        return switch (schema.getType()) {
            case NULL -> true;
            case FIXED -> schema.getFixedSize() == 0;
            case RECORD -> seen.add(schema.getFullName())
                    && schema.getFields().stream().allMatch(field -> mayBeEmpty(field.schema(), seen));
            default -> false;
        };
    }
}
