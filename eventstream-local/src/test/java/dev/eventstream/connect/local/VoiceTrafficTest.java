package dev.eventstream.connect.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VoiceTrafficTest {

    private static final Path TOPICS = Path.of("").toAbsolutePath().getParent().resolve("connector-configs/service-teams-topics");
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<VoiceTraffic.VoiceEvent> events = new VoiceTraffic(StackOptions.DEFAULT_TENANTS, 42).next(3000);

    @Test
    void everyEventNameIsOneTheTopicDetailsDeclare() throws IOException {
        for (String topic : List.of(VoiceTraffic.CALL_TOPIC, VoiceTraffic.AGENT_TOPIC)) {
            Set<String> declared = new HashSet<>();
            JSON.readTree(TOPICS.resolve(topic).resolve("topic-details.json").toFile()).path("events")
                .forEach(name -> declared.add(name.asText()));
            Set<String> produced = new HashSet<>();
            for (VoiceTraffic.VoiceEvent event : events) {
                if (event.topic().equals(topic)) {
                    produced.add(JSON.readTree(event.value()).path("id").asText());
                }
            }
            assertThat(declared).as(topic).containsAll(produced);
        }
        assertThat(types(VoiceTraffic.CALL_TOPIC)).containsExactlyInAnyOrderElementsOf(VoiceTraffic.CALL_EVENTS);
        assertThat(types(VoiceTraffic.AGENT_TOPIC)).containsExactlyInAnyOrderElementsOf(VoiceTraffic.AGENT_EVENTS);
    }

    @Test
    void keysFollowTheTopicsTenantTemplatesAndEveryTenantIsInterleaved() throws IOException {
        Set<String> tenants = new HashSet<>();
        for (VoiceTraffic.VoiceEvent event : events) {
            JsonNode value = JSON.readTree(event.value());
            String id = event.topic().equals(VoiceTraffic.CALL_TOPIC) ? value.path("callThreadId").asText() : value.path("agentId").asText();
            assertThat(event.key()).isEqualTo(value.path("tenantId").asText() + ":" + id);
            tenants.add(value.path("tenantId").asText());
        }
        assertThat(tenants).containsExactlyInAnyOrderElementsOf(StackOptions.DEFAULT_TENANTS);
        assertThat(events.subList(0, 30).stream().map(e -> e.key().split(":")[0]).distinct().count()).isGreaterThan(3);
    }

    @Test
    void callsRingThenAreEstablishedThenReleasedAndAgentsLogInBeforeAnythingElse() throws IOException {
        Map<String, List<String>> calls = new HashMap<>();
        Map<String, List<String>> agents = new HashMap<>();
        for (VoiceTraffic.VoiceEvent event : events) {
            String type = JSON.readTree(event.value()).path("id").asText();
            (event.topic().equals(VoiceTraffic.CALL_TOPIC) ? calls : agents).computeIfAbsent(event.key(), k -> new ArrayList<>()).add(type);
        }
        for (List<String> call : calls.values()) {
            assertThat(call.get(0)).isEqualTo("EventRinging");
            if (call.size() > 1) {
                assertThat(call.get(1)).isEqualTo("EventEstablished");
            }
            int released = call.indexOf("EventReleased");
            assertThat(released).isIn(-1, call.size() - 1);
        }
        for (List<String> agent : agents.values()) {
            assertThat(agent.get(0)).isEqualTo("EventAgentLogin");
            for (int i = 1; i < agent.size(); i++) {
                if (agent.get(i).equals("EventAgentLogin")) {
                    assertThat(agent.get(i - 1)).isEqualTo("EventAgentLogout");
                }
            }
        }
        assertThat(calls.values()).anySatisfy(call -> assertThat(call).contains("EventHeld", "EventRetrieved", "EventReleased"));
    }

    @Test
    void callsCarryThePersonalDataThePiiRulesName() throws IOException {
        JsonNode established = null;
        for (VoiceTraffic.VoiceEvent event : events) {
            JsonNode value = JSON.readTree(event.value());
            if (value.path("id").asText().equals("EventEstablished")) {
                established = value;
                break;
            }
        }
        assertThat(established).isNotNull();
        assertThat(established.path("ANI").asText()).startsWith("+1");
        assertThat(established.path("OtherDN").asText()).startsWith("+1");
        assertThat(established.path("UserData").path("CreditCard").asText()).startsWith("4111");
        assertThat(established.path("Extensions").path("CustomerEmail").asText()).endsWith("@example.com");
        assertThat(PiiDetector.count(established.toString())).isGreaterThanOrEqualTo(5);
    }

    private Set<String> types(String topic) throws IOException {
        Set<String> types = new HashSet<>();
        for (VoiceTraffic.VoiceEvent event : events) {
            if (event.topic().equals(topic)) {
                types.add(JSON.readTree(event.value()).path("id").asText());
            }
        }
        return types;
    }
}
