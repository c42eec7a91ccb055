package dev.eventstream.connect.control.model;

/** Trust store and optional client key store (mutual TLS). */
public record Tls(Store truststore, Store keystore) {

    public record Store(String location, String type, String password, String keyPassword) { }
}
