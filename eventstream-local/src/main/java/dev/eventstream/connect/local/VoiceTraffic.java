package dev.eventstream.connect.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic voice events of several tenants, interleaved: calls that ring, are answered, sometimes held and
 * retrieved, and are released ({@code voice-callthread}, key {@code <tenant>:<callthread id>}), and agents
 * who log in, become ready, go to after-call work or not ready, ready again, and log out
 * ({@code voice-agentstate}, key {@code <tenant>:<agent id>}). Events carry the personal data the topics'
 * PII rules name (calling, dialed and other numbers, a card number and the customer's name in attached data,
 * the customer's e-mail), for the endpoints to remove. {@code eventId} is unique across runs.
 */
final class VoiceTraffic {

    static final String CALL_TOPIC = "voice-callthread";
    static final String AGENT_TOPIC = "voice-agentstate";

    /** The order a call's events come in; held/retrieved is a detour some calls take. */
    static final List<String> CALL_EVENTS =
        List.of("EventRinging", "EventEstablished", "EventHeld", "EventRetrieved", "EventReleased");
    static final List<String> AGENT_EVENTS =
        List.of("EventAgentLogin", "EventAgentReady", "EventAgentNotReady", "EventAgentAfterCallWork", "EventAgentLogout");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int AGENTS_PER_TENANT = 4;

    /** One event to publish. */
    record VoiceEvent(String topic, String key, String value) {
    }

    private final List<String> tenants;
    private final Random random;
    private final Map<String, String> callState = new LinkedHashMap<>();
    private final Map<String, String> callTenant = new HashMap<>();
    private final Map<String, String> agentState = new HashMap<>();
    private long sequence;

    VoiceTraffic(List<String> tenants, long seed) {
        this.tenants = List.copyOf(tenants);
        this.random = new Random(seed);
    }

    /** The next {@code count} events, tenants interleaved. */
    List<VoiceEvent> next(int count) {
        List<VoiceEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String tenant = tenants.get(random.nextInt(tenants.size()));
            events.add(random.nextInt(3) == 0 ? agentEvent(tenant) : callEvent(tenant));
        }
        return events;
    }

    private VoiceEvent callEvent(String tenant) {
        String callId = null;
        for (Map.Entry<String, String> call : callState.entrySet()) {
            if (callTenant.get(call.getKey()).equals(tenant)) {
                callId = call.getKey();
                break;
            }
        }
        String type;
        if (callId == null || callState.size() < 2 * tenants.size() && random.nextInt(4) == 0) {
            callId = UUID.nameUUIDFromBytes((tenant + ":" + sequence).getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
            callTenant.put(callId, tenant);
            type = "EventRinging";
        } else {
            type = nextCallEvent(callState.get(callId));
        }
        if (type.equals("EventReleased")) {
            callState.remove(callId);
            callTenant.remove(callId);
        } else {
            callState.put(callId, type);
        }
        return new VoiceEvent(CALL_TOPIC, tenant + ":" + callId, callValue(tenant, callId, type));
    }

    private String nextCallEvent(String current) {
        return switch (current) {
            case "EventRinging" -> "EventEstablished";
            case "EventEstablished" -> random.nextInt(3) == 0 ? "EventHeld" : "EventReleased";
            case "EventHeld" -> "EventRetrieved";
            default -> "EventReleased";
        };
    }

    private VoiceEvent agentEvent(String tenant) {
        String agentId = "agent-" + (1 + random.nextInt(AGENTS_PER_TENANT));
        String key = tenant + ":" + agentId;
        String type = switch (agentState.getOrDefault(key, "EventAgentLogout")) {
            case "EventAgentLogout" -> "EventAgentLogin";
            case "EventAgentLogin", "EventAgentNotReady", "EventAgentAfterCallWork" -> "EventAgentReady";
            default -> switch (random.nextInt(5)) {
                case 0 -> "EventAgentLogout";
                case 1, 2 -> "EventAgentAfterCallWork";
                default -> "EventAgentNotReady";
            };
        };
        agentState.put(key, type);
        ObjectNode event = JSON.createObjectNode();
        event.put("id", type);
        event.put("eventId", UUID.randomUUID().toString());
        event.put("agentId", agentId);
        event.put("tenantId", tenant);
        event.put("timestamp", System.currentTimeMillis());
        event.put("sequence", ++sequence);
        event.put("ThisDN", extension(agentId));
        event.put("Place", "place-" + agentId.substring(agentId.indexOf('-') + 1));
        event.put("workMode", type.equals("EventAgentAfterCallWork") ? "AfterCallWork" : "AutoIn");
        if (type.equals("EventAgentNotReady")) {
            event.put("reasonCode", random.nextBoolean() ? "Break" : "Training");
        }
        if (type.equals("EventAgentAfterCallWork")) {
            int caller = random.nextInt(10_000);
            event.put("OtherDN", String.format("+1415555%04d", caller));
            event.putObject("UserData").put("CustomerName", "Customer " + caller);
        }
        return new VoiceEvent(AGENT_TOPIC, key, event.toString());
    }

    private String callValue(String tenant, String callId, String type) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", type);
        event.put("eventId", UUID.randomUUID().toString());
        event.put("callThreadId", callId);
        event.put("tenantId", tenant);
        event.put("timestamp", System.currentTimeMillis());
        event.put("sequence", ++sequence);
        int caller = Math.floorMod(callId.hashCode(), 10_000);
        event.put("ANI", String.format("+1415555%04d", caller));
        event.put("DNIS", "+18005550199");
        event.put("callType", "Inbound");
        if (!type.equals("EventRinging")) {
            String agentId = "agent-" + (1 + Math.floorMod(callId.hashCode(), AGENTS_PER_TENANT));
            ObjectNode agent = event.putObject("agent");
            agent.put("agentId", agentId);
            agent.put("extension", extension(agentId));
            event.put("OtherDN", String.format("+1415555%04d", caller));
        }
        ObjectNode userData = event.putObject("UserData");
        userData.put("CreditCard", String.format("4111 1111 1111 %04d", caller));
        userData.put("AccountId", "A-" + caller);
        userData.put("Language", caller % 2 == 0 ? "en" : "es");
        ObjectNode extensions = event.putObject("Extensions");
        extensions.put("CustomerEmail", "customer" + caller + "@example.com");
        extensions.put("internal", "queue-" + (caller % 5));
        return event.toString();
    }

    private static String extension(String agentId) {
        return "50" + String.format("%02d", Integer.parseInt(agentId.substring(agentId.indexOf('-') + 1)));
    }
}
