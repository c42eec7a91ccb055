package dev.eventstream.connect.it;

import dev.eventstream.connect.avro.AvroTestData;
import dev.eventstream.connect.avro.RegistryStub;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A schema registry (HTTP stub) that knows the voice schema as id {@link #SCHEMA_ID}, started before a test class's
 * tests and closed after them by the class's extension store:
 * {@code @RegisterExtension static final VoiceSchemaRegistry REGISTRY = new VoiceSchemaRegistry();}.
 */
final class VoiceSchemaRegistry implements BeforeAllCallback {

    static final int SCHEMA_ID = 42;

    private RegistryStub stub;

    RegistryStub stub() {
        if (stub == null) {
            throw new IllegalStateException("The registry starts before the tests of the class that registers it");
        }
        return stub;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        stub = RegistryStub.http().register(SCHEMA_ID, AvroTestData.voiceSchema());
        context.getStore(ExtensionContext.Namespace.create(VoiceSchemaRegistry.class)).put("registry", stub);
    }
}
