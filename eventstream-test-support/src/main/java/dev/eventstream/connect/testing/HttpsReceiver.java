package dev.eventstream.connect.testing;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTPS server on loopback for tests and benchmarks: TLS 1.3/1.2 with a certificate made at
 * test time ({@link TestCertificates}), optionally requiring a client certificate. It runs on Jetty,
 * which the Connect runtime already brings: the JDK's own HttpsServer reads TLS request bodies at
 * about 36 MB/s here, too slow to stay out of the way of a sink under benchmark. It records every
 * request (method, path, headers, gunzipped body) and answers as scripted: first the responses queued
 * with {@link #enqueue}, then the current {@link #respondWith responder} (200 by default).
 */
public final class HttpsReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpsReceiver.class);

    private final SslContextFactory.Server tls;
    private volatile TestCertificates certificates;
    private final Server server;
    private final ServerConnector connector;
    private final ScheduledExecutorService delayedResponses;
    private final boolean retainRequests;
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<ScriptedResponse> script = new ConcurrentLinkedQueue<>();
    private final List<Consumer<ReceivedRequest>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Object recording = new Object();
    private final AtomicLong wireBytes = new AtomicLong();
    private volatile Function<ReceivedRequest, ScriptedResponse> responder = request -> ScriptedResponse.ok();

    private HttpsReceiver(Builder builder) {
        this.certificates = builder.certificates != null ? builder.certificates : TestCertificates.create();
        this.retainRequests = builder.retainRequests;
        tls = new SslContextFactory.Server();
        tls.setSslContext(certificates.serverSslContext());
        tls.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        tls.setNeedClientAuth(builder.requireClientCertificate);
        HttpConfiguration http = new HttpConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        http.setSendServerVersion(false);
        // Jetty's acceptor and selectors come out of this pool too: leave them room beside the handlers.
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(64, builder.threads * 4), 4);
        pool.setName("https-receiver");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, new SslConnectionFactory(tls, "http/1.1"), new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                HttpsReceiver.this.handle(request, response, callback);
                return true;
            }
        });
        delayedResponses = Executors.newSingleThreadScheduledExecutor(daemon("https-receiver-delay"));
        try {
            server.start();
        } catch (Exception e) {
            delayedResponses.shutdownNow();
            throw new IllegalStateException("Cannot start the HTTPS receiver", e);
        }
        log.info("HTTPS receiver listening on {} (client certificate {})", url(""),
            builder.requireClientCertificate ? "required" : "not required");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A receiver with a fresh PKI, no client certificate required, every request retained. */
    public static HttpsReceiver start() {
        return builder().start();
    }

    /** {@code https://localhost:<port>} + path; the certificate is valid for {@code localhost}. */
    public String url(String path) {
        String normalized = path.isEmpty() || path.startsWith("/") ? path : "/" + path;
        return "https://localhost:" + connector.getLocalPort() + normalized;
    }

    public String url() {
        return url("/");
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** The PKI whose server certificate the receiver presents now (see {@link #rotateCertificate}). */
    public TestCertificates certificates() {
        return certificates;
    }

    /**
     * Presents {@code next}'s server certificate from now on, as a certificate rotation does: every new TLS handshake
     * gets it, and the connections open now are closed, so that clients reconnect (a request in flight on one fails)
     * and verify the new certificate.
     */
    public void rotateCertificate(TestCertificates next) {
        try {
            tls.reload(factory -> factory.setSslContext(next.serverSslContext()));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot reload the receiver's TLS context", e);
        }
        certificates = next;
        connector.getConnectedEndPoints().forEach(EndPoint::close);
        log.info("HTTPS receiver on {} now presents a new certificate", url(""));
    }

    /**
     * Answers the next requests with these responses, in the order the requests are recorded ({@link #requests()}),
     * before the responder is used again.
     */
    public HttpsReceiver enqueue(ScriptedResponse... responses) {
        Collections.addAll(script, responses);
        return this;
    }

    /** Answers every request that finds the script empty with what this function says. */
    public HttpsReceiver respondWith(Function<ReceivedRequest, ScriptedResponse> responder) {
        this.responder = Objects.requireNonNull(responder);
        return this;
    }

    /** Called with every request as it arrives (also when requests are not retained). */
    public HttpsReceiver onRequest(Consumer<ReceivedRequest> listener) {
        listeners.add(listener);
        return this;
    }

    /** A snapshot of the requests received so far, in arrival order (empty when not retained). */
    public List<ReceivedRequest> requests() {
        return new ArrayList<>(requests);
    }

    /** The requests answered with a 2xx status. */
    public List<ReceivedRequest> acceptedRequests() {
        List<ReceivedRequest> accepted = new ArrayList<>();
        for (ReceivedRequest request : requests) {
            if (request.answeredStatus() >= 200 && request.answeredStatus() < 300) {
                accepted.add(request);
            }
        }
        return accepted;
    }

    public long requestCount() {
        return sequence.get();
    }

    /** Bytes of request bodies as they crossed the wire (compressed when gzip). */
    public long wireBodyBytes() {
        return wireBytes.get();
    }

    /** Forgets the requests received so far and the queued script; the responder is kept. */
    public void clear() {
        requests.clear();
        script.clear();
    }

    @Override
    public void close() {
        delayedResponses.shutdownNow();
        try {
            server.stop();
        } catch (Exception e) {
            log.warn("The HTTPS receiver did not stop cleanly", e);
        }
    }

    private void handle(Request request, Response response, Callback callback) throws IOException {
        byte[] wire;
        try (InputStream in = Request.asInputStream(request)) {
            wire = in.readAllBytes();
        }
        wireBytes.addAndGet(wire.length);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        byte[] body = "gzip".equalsIgnoreCase(request.getHeaders().get("Content-Encoding")) ? gunzip(wire) : wire;
        ReceivedRequest received;
        ScriptedResponse scripted;
        // one step for concurrent requests: the n-th request in requests() gets the n-th scripted response
        synchronized (recording) {
            received = new ReceivedRequest(sequence.getAndIncrement(), request.getMethod(),
                URI.create(request.getHttpURI().asString()), headers, wire.length, body, Instant.now(), clientSubject(request));
            if (retainRequests) {
                requests.add(received);
            }
            scripted = script.poll();
        }
        listeners.forEach(listener -> listener.accept(received));

        if (scripted == null) {
            scripted = responder.apply(received);
        }
        if (scripted.delay().isZero()) {
            answer(request, response, callback, received, scripted);
        } else {
            ScriptedResponse delayed = scripted;
            delayedResponses.schedule(() -> answer(request, response, callback, received, delayed),
                scripted.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private static void answer(Request request, Response response, Callback callback, ReceivedRequest received,
                               ScriptedResponse scripted) {
        if (scripted.isDisconnect()) {
            received.answered(-1);
            request.getConnectionMetaData().getConnection().getEndPoint().close();
            callback.failed(new IOException("scripted disconnect of request " + received.sequence()));
            return;
        }
        received.answered(scripted.status());
        response.setStatus(scripted.status());
        scripted.headers().forEach((name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(scripted.body().getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String clientSubject(Request request) {
        if (request.getAttribute(EndPoint.SslSessionData.ATTRIBUTE) instanceof EndPoint.SslSessionData tls) {
            X509Certificate[] peer = tls.peerCertificates();
            if (peer != null && peer.length > 0) {
                return peer[0].getSubjectX500Principal().getName();
            }
        }
        return null;
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static ThreadFactory daemon(String name) {
        AtomicLong counter = new AtomicLong();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Options of a receiver. */
    public static final class Builder {
        private TestCertificates certificates;
        private boolean requireClientCertificate;
        private boolean retainRequests = true;
        private int threads = 4;

        /** Use this PKI (for example to share a truststore between receivers). */
        public Builder certificates(TestCertificates certificates) {
            this.certificates = certificates;
            return this;
        }

        /** The TLS handshake fails unless the client presents a certificate signed by the test CA. */
        public Builder requireClientCertificate() {
            this.requireClientCertificate = true;
            return this;
        }

        /** Keeps no request in memory (benchmarks); listeners and counters still see every request. */
        public Builder discardRequests() {
            this.retainRequests = false;
            return this;
        }

        /** How many requests are handled at once (default 4). */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public HttpsReceiver start() {
            return new HttpsReceiver(this);
        }
    }

    @Override
    public String toString() {
        return "HttpsReceiver(" + URI.create(url()) + ")";
    }
}
