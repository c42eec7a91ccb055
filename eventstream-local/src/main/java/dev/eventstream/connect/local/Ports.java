package dev.eventstream.connect.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks made before anything starts, so that a port in use is one clear line and not a broker's trace. */
final class Ports {

    private Ports() {
    }

    /** A {@link StackFailure} naming the port, what wanted it and the option that moves it, when the port is taken. */
    static void requireFree(int port, String what, String option) {
        try (ServerSocket socket = new ServerSocket()) {
            // As the brokers and Jetty bind: connections of a previous run in TIME_WAIT do not hold the port.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new StackFailure("port " + port + " (" + what + ") is in use: stop what holds it, or pass "
                + option + "=<free port>");
        }
    }

    /** A port free right now, for listeners internal to the stack (the KRaft controllers). */
    static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
