package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PiiDetectorTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ANI\":\"+14155550123\"}",
        "{\"UserData\":{\"CreditCard\":\"4111 1111 1111 0042\"}}",
        "{\"card\":\"4111111111110042\"}",
        "{\"Extensions\":{\"CustomerEmail\":\"customer42@example.com\"}}"})
    void findsPersonalDataInClear(String event) {
        assertThat(PiiDetector.count(event)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"ANI\":\"****\",\"DNIS\":\"****\"}",
        "{\"CustomerEmail\":\"2950c94ec6e09999856d593c8385128cea69c906922fee2e0145e1aecfff8ffa\"}",
        // A UUID holds four-digit groups that a careless card pattern takes for a card number.
        "{\"eventId\":\"c6917812-a004-4ab9-8683-691739026198\"}",
        "{\"ThisDN\":\"5003\",\"timestamp\":1796035522274,\"sequence\":255}"})
    void leavesMaskedHashedAndOrdinaryValuesAlone(String event) {
        assertThat(PiiDetector.count(event)).isZero();
    }
}
