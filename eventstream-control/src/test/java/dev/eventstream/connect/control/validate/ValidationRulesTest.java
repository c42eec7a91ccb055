package dev.eventstream.connect.control.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.eventstream.connect.control.ControlPlane;
import dev.eventstream.connect.control.ExampleConfigs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule: each bad file gives its message with the file, the JSON pointer and the fix. */
class ValidationRulesTest {

    private static final String CRM = "endpoints/acme/crm.json";

    @TempDir
    Path temp;
    private Path dir;

    @BeforeEach
    void copyExamples() {
        dir = ExampleConfigs.copyTo(temp.resolve("configs"));
    }

    @Test
    void theExamplesAreValid() {
        ControlPlane.ValidationReport report = ControlPlane.validate(ExampleConfigs.DIR);
        assertThat(report.problems()).isEmpty();
        assertThat(report.filesRead()).isEqualTo(9);
    }

    @Test
    void aFileThatIsNotJsonNamesTheLine() throws IOException {
        Files.writeString(dir.resolve(CRM), "{\n  \"tenant\": \"acme\",\n  \"name\": crm\n}");
        assertThat(problems()).singleElement().hasToString(
            CRM + " /: not valid JSON at line 3, column 15: Unrecognized token 'crm': was expecting "
                + "(JSON String, Number, Array, Object or token 'null', 'true' or 'false'). Fix: correct the JSON syntax there");
    }

    @Test
    void anUnknownKeySuggestsTheKnownOne() {
        ExampleConfigs.edit(dir, CRM, json -> json.set("evnets", json.remove("events")));
        Problem problem = only();
        assertThat(problem.file()).isEqualTo(CRM);
        assertThat(problem.pointer()).isEqualTo("/evnets");
        assertThat(problem.message()).isEqualTo("unknown key \"evnets\"");
        assertThat(problem.fix()).startsWith("remove it (did you mean 'events'?) (known keys: [auth, batching,");
    }

    @Test
    void aMissingRequiredKeyIsNamed() {
        ExampleConfigs.edit(dir, CRM, json -> ((ObjectNode) json.get("auth")).remove("tokenUrl"));
        assertThat(only()).hasToString(CRM + " /auth/tokenUrl: required key \"tokenUrl\" is missing. Fix: add \"tokenUrl\"");
    }

    @Test
    void aValueOutsideItsEnumSuggestsTheClosest() {
        ExampleConfigs.edit(dir, CRM, json -> json.put("state", "pasued"));
        assertThat(only()).hasToString(CRM + " /state: 'pasued' is not one of [running, paused, stopped]. "
            + "Fix: use one of [running, paused, stopped] (did you mean 'paused'?)");
    }

    @Test
    void aClearSecretIsRefusedWithTheReferenceToUse() {
        ExampleConfigs.edit(dir, CRM, json -> ((ObjectNode) json.get("auth")).put("clientSecret", "s3cr3t-value"));
        Problem problem = only();
        assertThat(problem).hasToString(CRM + " /auth/clientSecret: a secret is written in clear (its value is not shown here). "
            + "Fix: put the value in the secrets file and write the config-provider reference "
            + "${file:/etc/eventstream/secrets.properties:acme.crm.auth.clientSecret} instead");
        assertThat(problem.toString()).doesNotContain("s3cr3t-value");
    }

    @Test
    void aClearSigningSecretOrPasswordIsRefusedToo() {
        ExampleConfigs.edit(dir, CRM, json -> ((ObjectNode) json.get("signing")).put("secret", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        ExampleConfigs.edit(dir, "endpoints/acme/billing.json",
            json -> ((ObjectNode) json.at("/tls/keystore")).put("password", "changeit"));
        assertThat(problems()).extracting(Problem::pointer).containsExactly("/tls/keystore/password", "/signing/secret");
        assertThat(problems()).allMatch(p -> p.fix().contains("${file:/etc/eventstream/secrets.properties:acme."));
    }

    @Test
    void aHeaderMarkedSecretMustBeAReference() {
        ExampleConfigs.edit(dir, "endpoints/globex/support.json",
            json -> ((ObjectNode) json.get("headers").get(0)).put("value", "key-123"));
        assertThat(only()).hasToString("endpoints/globex/support.json /headers/0/value: a secret is written in clear "
            + "(its value is not shown here). Fix: put the value in the secrets file and write the config-provider reference "
            + "${file:/etc/eventstream/secrets.properties:globex.support.headers.X-Api-Key} instead");
    }

    @Test
    void aSecretInTheDeploymentIsRefusedToo() {
        ExampleConfigs.edit(dir, "deployment.json", json -> ((ObjectNode) json.get("pii")).put("hashSecret", "pepper"));
        assertThat(only().fix()).contains("${file:/etc/eventstream/secrets.properties:pii.hashSecret}");
    }

    @Test
    void aRecordLimitBeyondAProducersBufferIsRefused() {
        ExampleConfigs.edit(dir, "deployment.json", json -> json.put("maxRecordBytes", 64 * 1024 * 1024));
        assertThat(only().pointer()).isEqualTo("/maxRecordBytes");
        assertThat(only().message()).contains("67108864 is above the maximum 33488896");
    }

    @Test
    void theRecordLimitIsTheDeploymentsNotTheDlqs() {
        ExampleConfigs.edit(dir, "deployment.json", json -> ((ObjectNode) json.get("dlq")).put("maxRecordBytes", 20 * 1024 * 1024));
        assertThat(only().pointer()).isEqualTo("/dlq/maxRecordBytes");
    }

    @Test
    void anUnknownTopicSuggestsTheClosest() {
        ExampleConfigs.edit(dir, CRM, json -> ((ArrayNode) json.get("topics")).set(0, "voice-calthread"));
        assertThat(only()).hasToString(CRM + " /topics/0: unknown topic 'voice-calthread' (did you mean 'voice-callthread'?). "
            + "Fix: name a topic of service-teams-topics/ [voice-agentstate, voice-callthread, voice-cdr, {tenant_id}.chat-events]");
    }

    @Test
    void anEventTheTopicsDoNotCarryIsNamed() {
        ExampleConfigs.edit(dir, "endpoints/acme/billing.json", json -> ((ArrayNode) json.at("/events/include")).set(0, "CdrComplete"));
        assertThat(only()).hasToString("endpoints/acme/billing.json /events/include/0: event 'CdrComplete' is not carried by the "
            + "endpoint's topics (did you mean 'CdrCompleted'?). Fix: name one of [CdrCompleted, CdrAbandoned, CdrTransferred]");
    }

    @Test
    void aPatternThatMatchesNoEventIsNamed() {
        ExampleConfigs.edit(dir, "endpoints/globex/lake.json", json -> ((ArrayNode) json.at("/events/include")).set(0, "EventAgnt*"));
        Problem problem = only();
        assertThat(problem.pointer()).isEqualTo("/events/include/0");
        assertThat(problem.message()).startsWith("pattern 'EventAgnt*' matches no event of the endpoint's topics");
    }

    @Test
    void aPiiPathThatTheAvroSchemaDoesNotHaveIsNamed() {
        ExampleConfigs.edit(dir, "service-teams-topics/voice-cdr/topic-details.json",
            json -> ((ArrayNode) json.at("/pii/mask")).add("DNSI"));
        assertThat(only()).hasToString("service-teams-topics/voice-cdr/topic-details.json /pii/mask/2: no field DNSI in the "
            + "topic's Avro schema. Fix: correct the path (did you mean 'DNIS'?), or remove it");
    }

    @Test
    void aDuplicateEndpointIsRefused() throws IOException {
        Files.copy(dir.resolve(CRM), dir.resolve("endpoints/acme/crm2.json"));
        assertThat(problems()).extracting(Problem::toString).contains(
            "endpoints/acme/crm2.json /name: endpoint acme/crm is already defined in endpoints/acme/crm.json. Fix: give one of them another name");
    }

    @Test
    void anEndpointOutsideItsTenantsFolderIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("endpoints/initech"));
        Files.move(dir.resolve(CRM), dir.resolve("endpoints/initech/crm.json"));
        assertThat(only()).hasToString("endpoints/initech/crm.json /tenant: the file of endpoint acme/crm is not where its tenant "
            + "and name say. Fix: move it to endpoints/acme/crm.json, or correct \"tenant\" and \"name\"");
    }

    @Test
    void aTenantTheRegionMapDoesNotKnowIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("endpoints/acmee"));
        ExampleConfigs.edit(dir, CRM, json -> json.put("tenant", "acmee"));
        Files.move(dir.resolve(CRM), dir.resolve("endpoints/acmee/crm.json"));
        assertThat(only()).hasToString("endpoints/acmee/crm.json /tenant: tenant 'acmee' is not in the region map "
            + "tenant-regions.json (did you mean 'acme'?). Fix: add the tenant to the region map, or correct the tenant id");
    }

    @Test
    void anotherTenantsSingleTenantTopicIsRefused() {
        ExampleConfigs.edit(dir, "endpoints/globex/support.json", json -> ((ArrayNode) json.get("topics")).set(0, "acme.chat-events"));
        assertThat(only()).hasToString("endpoints/globex/support.json /topics/0: topic acme.chat-events belongs to tenant 'acme', "
            + "not 'globex'. Fix: name globex.chat-events");
    }

    @Test
    void topicsOfDifferentFormatsInOneEndpointAreRefused() {
        ExampleConfigs.edit(dir, "endpoints/acme/billing.json", json -> ((ArrayNode) json.get("topics")).add("voice-callthread"));
        assertThat(problems()).extracting(Problem::toString).contains("endpoints/acme/billing.json /topics: the topics mix value "
            + "formats [avro, json]; one connector has one value converter. Fix: split the endpoint into one endpoint per format");
    }

    @Test
    void hashRulesNeedTheDeploymentsHashSecret() {
        ExampleConfigs.edit(dir, "deployment.json", json -> json.remove("pii"));
        assertThat(only()).hasToString("deployment.json /pii/hashSecret: topics hash PII fields but no hash secret is set. "
            + "Fix: add \"pii\": {\"hashSecret\": \"${file:/etc/eventstream/secrets.properties:pii.hash}\"}");
    }

    @Test
    void aTypeMismatchNamesBothTypes() {
        ExampleConfigs.edit(dir, CRM, json -> json.put("tasks", "three"));
        assertThat(only()).hasToString(CRM + " /tasks: expected an integer, found a string. "
            + "Fix: write an integer (tasks.max; default from deployment.json.)");
    }

    @Test
    void loadThrowsWithEveryProblem() {
        ExampleConfigs.edit(dir, CRM, json -> json.put("state", "gone"));
        ExampleConfigs.edit(dir, "endpoints/globex/lake.json", json -> json.put("tasks", 0));
        assertThatThrownBy(() -> ControlPlane.load(dir))
            .isInstanceOf(ValidationException.class)
            .hasMessageContaining("2 problem(s)")
            .hasMessageContaining(CRM + " /state")
            .hasMessageContaining("endpoints/globex/lake.json /tasks: 0 is below the minimum 1");
    }

    private List<Problem> problems() {
        return ControlPlane.validate(dir).problems();
    }

    private Problem only() {
        List<Problem> problems = problems();
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }
}
