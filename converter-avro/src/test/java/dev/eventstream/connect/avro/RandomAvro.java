package dev.eventstream.connect.avro;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Seeded random Avro schemas (records nesting every type, logical type, union shape, enum and fixed the converter
 * maps) and random generic data for them, for tests that compare two decoders over many shapes.
 */
final class RandomAvro {

    private static final String NAMESPACE = "gen";

    private final Random random;
    private int names;

    RandomAvro(long seed) {
        this.random = new Random(seed);
    }

    /** A record schema whose fields nest up to {@code depth} levels of records, arrays, maps and unions. */
    Schema record(int depth) {
        int count = 1 + random.nextInt(6);
        List<Schema.Field> fields = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            fields.add(new Schema.Field("f" + i, type(depth), null, (Object) null));
        }
        return Schema.createRecord(name("R"), random.nextBoolean() ? "a generated record" : null, NAMESPACE,
                false, fields);
    }

    private Schema type(int depth) {
        int choice = random.nextInt(depth > 0 ? 16 : 11);
        return switch (choice) {
            case 0 -> Schema.create(Schema.Type.BOOLEAN);
            case 1 -> Schema.create(Schema.Type.INT);
            case 2 -> Schema.create(Schema.Type.LONG);
            case 3 -> Schema.create(random.nextBoolean() ? Schema.Type.FLOAT : Schema.Type.DOUBLE);
            case 4 -> Schema.create(Schema.Type.STRING);
            case 5 -> Schema.create(Schema.Type.BYTES);
            case 6 -> enumSchema();
            case 7 -> Schema.createFixed(name("F"), null, NAMESPACE, random.nextInt(17));
            case 8, 9 -> logical();
            case 10 -> Schema.create(Schema.Type.NULL);
            case 11 -> Schema.createArray(type(depth - 1));
            case 12 -> Schema.createMap(type(depth - 1));
            case 13 -> record(depth - 1);
            default -> union(depth - 1);
        };
    }

    private Schema enumSchema() {
        int count = 1 + random.nextInt(5);
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            symbols.add("S" + i);
        }
        return Schema.createEnum(name("E"), null, NAMESPACE, symbols);
    }

    private Schema logical() {
        return switch (random.nextInt(14)) {
            case 0 -> LogicalTypes.date().addToSchema(Schema.create(Schema.Type.INT));
            case 1 -> LogicalTypes.timeMillis().addToSchema(Schema.create(Schema.Type.INT));
            case 2 -> LogicalTypes.timeMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case 3 -> LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case 4 -> LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case 5 -> LogicalTypes.timestampNanos().addToSchema(Schema.create(Schema.Type.LONG));
            case 6 -> LogicalTypes.localTimestampMillis().addToSchema(Schema.create(Schema.Type.LONG));
            case 7 -> LogicalTypes.localTimestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
            case 8 -> LogicalTypes.localTimestampNanos().addToSchema(Schema.create(Schema.Type.LONG));
            case 9 -> LogicalTypes.uuid().addToSchema(Schema.create(Schema.Type.STRING));
            case 10, 11 -> LogicalTypes.decimal(1 + random.nextInt(30), random.nextInt(6))
                    .addToSchema(Schema.create(Schema.Type.BYTES));
            default -> LogicalTypes.decimal(9, random.nextInt(4))
                    .addToSchema(Schema.createFixed(name("D"), null, NAMESPACE, 4 + random.nextInt(5)));
        };
    }

    /** [null, X], [X, null], a union of several distinct branches with or without null, or [null] alone. */
    private Schema union(int depth) {
        Schema nullSchema = Schema.create(Schema.Type.NULL);
        return switch (random.nextInt(5)) {
            case 0 -> Schema.createUnion(nullSchema, nonUnion(depth));
            case 1 -> Schema.createUnion(nonUnion(depth), nullSchema);
            case 2 -> Schema.createUnion(nullSchema);
            default -> {
                List<Schema> branches = new ArrayList<>();
                if (random.nextBoolean()) {
                    branches.add(nullSchema);
                }
                List<Schema.Type> unnamed = new ArrayList<>(List.of(Schema.Type.STRING, Schema.Type.LONG,
                        Schema.Type.INT, Schema.Type.BOOLEAN, Schema.Type.DOUBLE, Schema.Type.FLOAT, Schema.Type.BYTES,
                        Schema.Type.ARRAY, Schema.Type.MAP));
                int count = 2 + random.nextInt(3);
                for (int i = 0; i < count; i++) {
                    int pick = random.nextInt(unnamed.size() + 3);
                    if (pick < unnamed.size()) {
                        Schema.Type type = unnamed.remove(pick);
                        branches.add(switch (type) {
                            case ARRAY -> Schema.createArray(Schema.create(Schema.Type.STRING));
                            case MAP -> Schema.createMap(Schema.create(Schema.Type.LONG));
                            default -> Schema.create(type);
                        });
                    } else if (pick == unnamed.size()) {
                        branches.add(enumSchema());
                    } else if (pick == unnamed.size() + 1) {
                        branches.add(Schema.createFixed(name("F"), null, NAMESPACE, 1 + random.nextInt(8)));
                    } else {
                        branches.add(record(Math.max(0, depth)));
                    }
                }
                yield Schema.createUnion(branches);
            }
        };
    }

    private Schema nonUnion(int depth) {
        Schema type;
        do {
            type = type(Math.max(0, depth));
        } while (type.getType() == Schema.Type.UNION || type.getType() == Schema.Type.NULL);
        return type;
    }

    /** A random generic datum of {@code schema} (raw Avro values, no logical-type conversions). */
    Object datum(Schema schema) {
        return switch (schema.getType()) {
            case NULL -> null;
            case BOOLEAN -> random.nextBoolean();
            case INT -> schema.getLogicalType() instanceof LogicalTypes.TimeMillis
                    ? random.nextInt(86_400_000) : randomInt();
            case LONG -> schema.getLogicalType() instanceof LogicalTypes.TimeMicros
                    ? (long) random.nextInt(86_400_000) * 1_000L + random.nextInt(1_000) : randomLong();
            case FLOAT -> random.nextInt(4) == 0 ? Float.NaN : random.nextFloat() * 1e6f - 5e5f;
            case DOUBLE -> random.nextInt(4) == 0 ? -0.0d : random.nextGaussian() * 1e9;
            case STRING -> schema.getLogicalType() instanceof LogicalTypes.Uuid
                    ? new UUID(random.nextLong(), random.nextLong()).toString() : string();
            case BYTES -> schema.getLogicalType() instanceof LogicalTypes.Decimal
                    ? ByteBuffer.wrap(BigInteger.valueOf(randomLong()).toByteArray()) : ByteBuffer.wrap(bytes(12));
            case FIXED -> {
                byte[] bytes = new byte[schema.getFixedSize()];
                random.nextBytes(bytes);
                yield new GenericData.Fixed(schema, bytes);
            }
            case ENUM -> new GenericData.EnumSymbol(schema,
                    schema.getEnumSymbols().get(random.nextInt(schema.getEnumSymbols().size())));
            case ARRAY -> {
                int count = random.nextInt(5);
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(datum(schema.getElementType()));
                }
                yield new GenericData.Array<>(schema, items);
            }
            case MAP -> {
                int count = random.nextInt(5);
                Map<String, Object> entries = new LinkedHashMap<>();
                for (int i = 0; i < count; i++) {
                    entries.put("k" + random.nextInt(100), datum(schema.getValueType()));
                }
                yield entries;
            }
            case RECORD -> {
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), datum(field.schema()));
                }
                yield record;
            }
            case UNION -> datum(schema.getTypes().get(random.nextInt(schema.getTypes().size())));
        };
    }

    private int randomInt() {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(200) - 100;
            case 1 -> random.nextBoolean() ? Integer.MIN_VALUE : Integer.MAX_VALUE;
            default -> random.nextInt();
        };
    }

    private long randomLong() {
        return switch (random.nextInt(3)) {
            case 0 -> random.nextInt(200) - 100;
            case 1 -> random.nextBoolean() ? Long.MIN_VALUE / 2 : Long.MAX_VALUE / 2;
            default -> random.nextLong() >> random.nextInt(40);
        };
    }

    private String string() {
        String[] pieces = {"", "a", "caf\u00e9", "\u2603", "\ud83d\ude00", "tenant-42", " ", "\"quoted\"", "\n"};
        StringBuilder text = new StringBuilder();
        int count = random.nextInt(4);
        for (int i = 0; i < count; i++) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }

    private byte[] bytes(int max) {
        byte[] bytes = new byte[random.nextInt(max + 1)];
        random.nextBytes(bytes);
        return bytes;
    }

    private String name(String prefix) {
        return prefix + names++;
    }
}
