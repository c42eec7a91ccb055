package dev.eventstream.connect.control.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.ExampleConfigs;
import dev.eventstream.connect.control.connect.ConnectorStatus;
import dev.eventstream.connect.control.connect.LiveConnector;
import dev.eventstream.connect.control.model.ConnectorState;
import dev.eventstream.connect.control.render.RenderResult;
import dev.eventstream.connect.control.render.RenderedConnector;
import dev.eventstream.connect.control.render.Renderer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class PlannerTest {

    private final RenderResult rendered = new Renderer().render(ControlPlane.load(ExampleConfigs.DIR));
    private final Planner planner = new Planner();

    @Test
    void anEmptyClusterGetsEveryConnectorCreatedInItsState() {
        Plan plan = planner.plan(rendered, Map.of(), false);
        assertThat(plan.changes()).extracting(Change::action).containsOnly(Change.Action.create);
        assertThat(plan.changes()).extracting(Change::toState)
            .containsExactly(ConnectorState.running, ConnectorState.running, ConnectorState.running, ConnectorState.paused);
        assertThat(plan.summary()).isEqualTo("4 to create, 0 to update, 0 to delete, 0 state changes");
    }

    @Test
    void theSameConfigsInTheirStatesAreNothingToDo() {
        Plan plan = planner.plan(rendered, live(rendered), false);
        assertThat(plan.hasChanges()).isFalse();
        assertThat(plan.changes()).extracting(Change::action).containsOnly(Change.Action.unchanged);
    }

    @Test
    void aChangedKeyIsAnUpdateWithItsDiff() {
        Map<String, LiveConnector> live = live(rendered);
        Map<String, String> old = new HashMap<>(live.get("es-acme-crm").config());
        old.put("predicates.isSubscribed.values", "EventEstablished");
        old.remove("transforms.pii.fields.hash");
        old.put("http.timeout.request.ms", "5000");
        old.put(RenderedConnector.DIGEST_KEY, "sha256:older");
        live.put("es-acme-crm", new LiveConnector("es-acme-crm", old, live.get("es-acme-crm").status()));

        Change change = planner.plan(rendered, live, false).pending().get(0);
        assertThat(change.action()).isEqualTo(Change.Action.update);
        assertThat(change.drift()).isFalse();
        assertThat(change.diff()).containsExactly(
            new KeyDiff(RenderedConnector.DIGEST_KEY, "sha256:older", rendered.connector("es-acme-crm").orElseThrow().digest()),
            new KeyDiff("http.timeout.request.ms", "5000", null),
            new KeyDiff("predicates.isSubscribed.values", "EventEstablished", "EventEstablished,EventReleased"),
            new KeyDiff("transforms.pii.fields.hash", null, "Extensions.CustomerEmail"));
    }

    @Test
    void anEditOutsideEventstreamIsDrift() {
        Map<String, LiveConnector> live = live(rendered);
        Map<String, String> edited = new HashMap<>(live.get("es-globex-lake").config());
        edited.put("tasks.max", "9");
        live.put("es-globex-lake", new LiveConnector("es-globex-lake", edited, live.get("es-globex-lake").status()));
        Change change = planner.plan(rendered, live, false).pending().get(0);
        assertThat(change.drift()).isTrue();
        assertThat(change.diff()).containsExactly(new KeyDiff("tasks.max", "9", "3"));
    }

    @Test
    void aSecretWrittenInClearIntoTheClusterIsNeverShown() {
        Map<String, LiveConnector> live = live(rendered);
        Map<String, String> edited = new HashMap<>(live.get("es-acme-crm").config());
        edited.put("auth.oauth2.client.secret", "plain-secret");
        live.put("es-acme-crm", new LiveConnector("es-acme-crm", edited, live.get("es-acme-crm").status()));
        Change change = planner.plan(rendered, live, false).pending().get(0);
        assertThat(change.diff()).containsExactly(new KeyDiff("auth.oauth2.client.secret", SecretDisplay.HIDDEN,
            "${file:/etc/eventstream/secrets.properties:acme.crm}"));
    }

    @Test
    void aStateDifferenceIsAStateChange() {
        Map<String, LiveConnector> live = live(rendered);
        LiveConnector support = live.get("es-globex-support");
        live.put("es-globex-support", new LiveConnector(support.name(), support.config(), status(support.name(), "RUNNING")));
        Change change = planner.plan(rendered, live, false).pending().get(0);
        assertThat(change.action()).isEqualTo(Change.Action.unchanged);
        assertThat(change.fromState()).isEqualTo(ConnectorState.running);
        assertThat(change.toState()).isEqualTo(ConnectorState.paused);
    }

    @Test
    void pruneDeletesOnlyTheSuitesOwnConnectors() {
        Map<String, LiveConnector> live = live(rendered);
        live.put("es-acme-old", new LiveConnector("es-acme-old", Map.of("connector.class", "x",
            RenderedConnector.DIGEST_KEY, "sha256:1"), status("es-acme-old", "RUNNING")));
        live.put("mirror-maker", new LiveConnector("mirror-maker", Map.of("connector.class", "y"), status("mirror-maker", "RUNNING")));

        Plan withoutPrune = planner.plan(rendered, live, false);
        assertThat(withoutPrune.hasChanges()).isFalse();
        assertThat(withoutPrune.unmanaged()).containsExactly("es-acme-old");

        Plan withPrune = planner.plan(rendered, live, true);
        assertThat(withPrune.pending()).extracting(Change::connector, Change::action)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("es-acme-old", Change.Action.delete));
    }

    static Map<String, LiveConnector> live(RenderResult rendered) {
        Map<String, LiveConnector> live = new TreeMap<>();
        for (RenderedConnector connector : rendered.connectors()) {
            Map<String, String> config = new HashMap<>(connector.config());
            config.put("name", connector.name());
            live.put(connector.name(), new LiveConnector(connector.name(), config,
                status(connector.name(), connector.state().connectName())));
        }
        return live;
    }

    private static ConnectorStatus status(String name, String state) {
        return new ConnectorStatus(name, state, "w1", null, List.of(new ConnectorStatus.TaskStatus(0, state, "w1", null)));
    }
}
