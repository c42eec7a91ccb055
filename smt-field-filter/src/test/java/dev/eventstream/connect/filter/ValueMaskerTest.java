package dev.eventstream.connect.filter;

import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ValueMaskerTest {

    private final ValueMasker masker = new ValueMasker("****", 0);

    @Test
    void masksEveryConnectTypeInItsOwnClass() {
        assertThat(masker.mask((byte) 7)).isEqualTo((byte) 0);
        assertThat(masker.mask((short) 7)).isEqualTo((short) 0);
        assertThat(masker.mask(7)).isEqualTo(0);
        assertThat(masker.mask(7L)).isEqualTo(0L);
        assertThat(masker.mask(7.5f)).isEqualTo(0f);
        assertThat(masker.mask(7.5d)).isEqualTo(0d);
        assertThat(masker.mask(true)).isEqualTo(false);
        assertThat(masker.mask("secret")).isEqualTo("****");
        assertThat(masker.mask(BigInteger.TEN)).isEqualTo(BigInteger.ZERO);
        assertThat((byte[]) masker.mask(new byte[] {1, 2})).isEmpty();
        assertThat(((ByteBuffer) masker.mask(ByteBuffer.wrap(new byte[] {1}))).remaining()).isZero();
        assertThat(masker.mask(new Date(123456789L))).isEqualTo(new Date(0L));
        assertThat(masker.mask(null)).isNull();
    }

    @Test
    void aDecimalKeepsItsScaleSoItStillFitsItsSchema() {
        Schema decimal = Decimal.schema(2);
        Object masked = masker.mask(new BigDecimal("1234.56"));

        assertThat(masked).isEqualTo(new BigDecimal("0.00"));
        assertThat(Decimal.fromLogical(decimal, (BigDecimal) masked)).isNotNull();
    }

    @Test
    void keepLastShowsTheTailOfLongerStringsOnly() {
        ValueMasker tail = new ValueMasker("XX", 4);

        assertThat(tail.mask("4111111111111111")).isEqualTo("XX1111");
        assertThat(tail.mask("1234")).isEqualTo("XX");
        assertThat(tail.mask("")).isEqualTo("XX");
        assertThat(tail.mask("ab😀cd😀")).isEqualTo("XX😀cd😀");
    }

    @Test
    void containersAreMaskedElementByElement() {
        Schema schema = SchemaBuilder.struct().field("s", Schema.STRING_SCHEMA)
                .field("n", Schema.OPTIONAL_INT32_SCHEMA).build();
        Struct struct = new Struct(schema).put("s", "x");

        Struct masked = (Struct) masker.mask(struct);

        assertThat(masked.schema()).isSameAs(schema);
        assertThat(masked.get("s")).isEqualTo("****");
        assertThat(masked.get("n")).isNull();
        assertThat(masker.mask(List.of("a", 1L))).isEqualTo(List.of("****", 0L));
        assertThat(masker.mask(Map.of("k", true))).isEqualTo(Map.of("k", false));
    }

    @Test
    void anUnknownClassIsADataException() {
        assertThatThrownBy(() -> masker.mask(new Object()))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("java.lang.Object");
    }
}
