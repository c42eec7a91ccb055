package dev.eventstream.connect.cli;

import dev.eventstream.connect.control.render.RenderedConnector;
import java.util.List;
import java.util.Objects;

/** {@code TENANT} or {@code TENANT/ENDPOINT} on the command line: which connectors a command looks at. */
record EndpointSelector(String tenant, String endpoint) {

    static EndpointSelector parse(String text) {
        if (text == null || text.isEmpty()) {
            return new EndpointSelector(null, null);
        }
        String[] parts = text.split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && parts[1].isEmpty())) {
            throw new CliException(ExitCodes.INVALID, "'" + text + "' is not TENANT or TENANT/ENDPOINT (e.g. acme or acme/crm)");
        }
        return new EndpointSelector(parts[0], parts.length == 2 ? parts[1] : null);
    }

    /** Whether a rendered connector is selected: with a tenant, that tenant's endpoints (not the demux connectors). */
    boolean matches(RenderedConnector connector) {
        if (tenant == null) {
            return true;
        }
        String id = connector.endpoint();
        return id != null && (endpoint == null ? id.startsWith(tenant + "/") : id.equals(tenant + "/" + endpoint));
    }

    boolean all() {
        return tenant == null;
    }

    /** The selected connectors; a tenant or endpoint that no file describes is a usage error that lists the known ones. */
    List<RenderedConnector> select(List<RenderedConnector> connectors) {
        List<RenderedConnector> selected = connectors.stream().filter(this::matches).toList();
        if (!all() && selected.isEmpty()) {
            List<String> known = connectors.stream().map(RenderedConnector::endpoint).filter(Objects::nonNull).sorted().toList();
            String wanted = endpoint == null ? tenant : tenant + "/" + endpoint;
            String file = endpoint == null ? "endpoints/" + tenant + "/*.json" : "endpoints/" + tenant + "/" + endpoint + ".json";
            throw new CliException(ExitCodes.INVALID, "No endpoint " + wanted + " in the files (no " + file + "). Fix: name one of "
                + known);
        }
        return selected;
    }
}
