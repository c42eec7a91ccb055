package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StackOptionsTest {

    private static final Path REPO = Path.of("/repo");

    @Test
    void defaultsWorkOnAFreshClone() {
        StackOptions options = StackOptions.parse(REPO);
        assertThat(options.kafkaPort()).isEqualTo(9092);
        assertThat(options.connectPort()).isEqualTo(8083);
        assertThat(options.stateDirectory()).isEqualTo(Path.of("/repo/.eventstream-local"));
        assertThat(options.tenants()).contains("acme", "acme-eu", "acme2", "globex");
        assertThat(options.producer()).isTrue();
        assertThat(options.demoEndpoints()).isTrue();
        assertThat(options.reset()).isFalse();
    }

    @Test
    void readsEveryOptionInBothSpellings() {
        StackOptions options = StackOptions.parse(REPO, "--rate=7.5", "--tenants", "Acme,globex", "--kafka-port=19092",
            "--customer-kafka-port", "19094", "--connect-port=18083", "--receiver-port=18443", "--state-dir=/tmp/s",
            "--no-producer", "--no-demo-endpoints", "--reset", "--status-interval=2");
        assertThat(options.eventsPerSecond()).isEqualTo(7.5);
        assertThat(options.tenants()).containsExactly("acme", "globex");
        assertThat(options.kafkaPort()).isEqualTo(19092);
        assertThat(options.customerKafkaPort()).isEqualTo(19094);
        assertThat(options.connectPort()).isEqualTo(18083);
        assertThat(options.receiverPort()).isEqualTo(18443);
        assertThat(options.stateDirectory()).isEqualTo(Path.of("/tmp/s"));
        assertThat(options.producer()).isFalse();
        assertThat(options.demoEndpoints()).isFalse();
        assertThat(options.reset()).isTrue();
        assertThat(options.statusIntervalSeconds()).isEqualTo(2);
    }

    @Test
    void aWrongOptionIsOneLineThatSaysWhatToDo() {
        assertThatThrownBy(() -> StackOptions.parse(REPO, "--kafka-port=http"))
            .isInstanceOf(StackFailure.class)
            .hasMessage("--kafka-port must be a port number between 1 and 65535, got 'http'");
        assertThatThrownBy(() -> StackOptions.parse(REPO, "--rate=0"))
            .hasMessage("--rate must be a number greater than 0, got '0'");
        assertThatThrownBy(() -> StackOptions.parse(REPO, "--turbo"))
            .hasMessage("unknown option '--turbo' (./eventstream-local.sh --help lists them)");
        assertThatThrownBy(() -> StackOptions.parse(REPO, "--tenants"))
            .hasMessage("option --tenants needs a value, e.g. --tenants=...");
        assertThatThrownBy(() -> StackOptions.parse(REPO, "--tenants=acme,a b"))
            .hasMessageStartingWith("--tenants takes tenant ids such as acme,globex");
    }
}
