package dev.eventstream.connect.avro;

/**
 * Public names that {@link AvroConverter} puts on the Connect schemas it derives from Avro schemas. Renderers
 * and transforms may rely on them; they are part of the module's contract.
 */
public final class AvroConnectSchemas {

    /**
     * Schema name of the Connect STRUCT that stands for an Avro union of two or more non-null branches. The
     * struct has one optional field per non-null branch (named by {@link #branchName branch name}); exactly one
     * field is set in a value. A JSON renderer should write the set field's value in place of the struct.
     */
    public static final String UNION_SCHEMA_NAME = "io.confluent.connect.avro.Union";

    /**
     * Schema parameter holding the Avro type or logical type a Connect schema came from when Connect has no
     * exact equivalent: {@code enum}, {@code fixed}, {@code uuid}, {@code time-micros}, {@code timestamp-micros},
     * {@code timestamp-nanos}, {@code local-timestamp-millis}, {@code local-timestamp-micros},
     * {@code local-timestamp-nanos}, {@code null}.
     */
    public static final String AVRO_TYPE_PARAMETER = "io.eventstream.avro.type";

    /** Schema parameter of an Avro enum's STRING schema: the symbols, in order, comma-separated. */
    public static final String ENUM_SYMBOLS_PARAMETER = "io.eventstream.avro.enum.symbols";

    /** Schema parameter of an Avro fixed's BYTES (or Decimal) schema: its size in bytes. */
    public static final String FIXED_SIZE_PARAMETER = "io.eventstream.avro.fixed.size";

    /** Schema parameter of a Decimal schema: the Avro precision (same key as Connect's JsonConverter uses). */
    public static final String DECIMAL_PRECISION_PARAMETER = "connect.decimal.precision";

    private AvroConnectSchemas() {
    }

    /**
     * The field name used for a union branch: the full name of a named type (record, enum, fixed), the type
     * name otherwise ({@code string}, {@code int}, {@code long}, {@code array}, {@code map}, ...).
     */
    public static String branchName(org.apache.avro.Schema branch) {
        return switch (branch.getType()) {
            case RECORD, ENUM, FIXED -> branch.getFullName();
            default -> branch.getType().getName();
        };
    }
}
