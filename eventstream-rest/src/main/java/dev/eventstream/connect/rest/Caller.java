package dev.eventstream.connect.rest;

/**
 * Who made a request, as far as this API is concerned: an admin (sees every tenant) or one tenant. Another tenant's
 * things are answered as if they did not exist (404), so a token cannot be used to discover other tenants.
 */
record Caller(String tenant) {

    static final Caller ADMIN = new Caller(null);

    static Caller tenant(String tenant) {
        return new Caller(tenant);
    }

    boolean admin() {
        return tenant == null;
    }

    boolean sees(String otherTenant) {
        return admin() || tenant.equals(otherTenant);
    }
}
