package dev.eventstream.connect.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real HTTPS server on loopback for tests and benchmarks: TLS 1.3/1.2 with a certificate made at
 * test time ({@link TestCertificates}), optionally requiring a client certificate. It records every
 * request (method, path, headers, gunzipped body) and answers as scripted: first the responses queued
 * with {@link #enqueue}, then the current {@link #respondWith responder} (200 by default).
 */
public final class HttpsReceiver implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpsReceiver.class);

    private final TestCertificates certificates;
    private final HttpsServer server;
    private final ExecutorService handlers;
    private final ScheduledExecutorService delayedResponses;
    private final boolean retainRequests;
    private final List<ReceivedRequest> requests = new CopyOnWriteArrayList<>();
    private final Queue<ScriptedResponse> script = new ConcurrentLinkedQueue<>();
    private final List<Consumer<ReceivedRequest>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong wireBytes = new AtomicLong();
    private volatile Function<ReceivedRequest, ScriptedResponse> responder = request -> ScriptedResponse.ok();

    private HttpsReceiver(Builder builder) {
        this.certificates = builder.certificates != null ? builder.certificates : TestCertificates.create();
        this.retainRequests = builder.retainRequests;
        boolean requireClientCertificate = builder.requireClientCertificate;
        try {
            server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind the HTTPS receiver", e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverSslContext()) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
                parameters.setNeedClientAuth(requireClientCertificate);
                params.setSSLParameters(parameters);
            }
        });
        handlers = Executors.newFixedThreadPool(builder.threads, daemon("https-receiver"));
        delayedResponses = Executors.newSingleThreadScheduledExecutor(daemon("https-receiver-delay"));
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
        server.start();
        log.info("HTTPS receiver listening on {} (client certificate {})", url(""),
            requireClientCertificate ? "required" : "not required");
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
        return "https://localhost:" + server.getAddress().getPort() + normalized;
    }

    public String url() {
        return url("/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public TestCertificates certificates() {
        return certificates;
    }

    /** Answers the next requests with these responses, in order, before the responder is used again. */
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
        server.stop(0);
        delayedResponses.shutdownNow();
        handlers.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] wire;
        try (InputStream in = exchange.getRequestBody()) {
            wire = in.readAllBytes();
        }
        wireBytes.addAndGet(wire.length);
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        byte[] body = "gzip".equalsIgnoreCase(encoding) ? gunzip(wire) : wire;
        ReceivedRequest request = new ReceivedRequest(sequence.getAndIncrement(), exchange.getRequestMethod(),
            exchange.getRequestURI(), exchange.getRequestHeaders(), wire.length, body, Instant.now(),
            clientSubject(exchange));
        if (retainRequests) {
            requests.add(request);
        }
        listeners.forEach(listener -> listener.accept(request));

        ScriptedResponse response = script.poll();
        if (response == null) {
            response = responder.apply(request);
        }
        if (response.isDisconnect()) {
            request.answered(-1);
            // The JDK server closes the connection, without a response, when a handler throws.
            throw new IOException("scripted disconnect of request " + request.sequence());
        }
        if (response.delay().isZero()) {
            answer(exchange, request, response);
        } else {
            ScriptedResponse delayed = response;
            delayedResponses.schedule(() -> answerQuietly(exchange, request, delayed),
                response.delay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void answerQuietly(HttpExchange exchange, ReceivedRequest request, ScriptedResponse response) {
        try {
            answer(exchange, request, response);
        } catch (IOException e) {
            log.debug("Client went away before the delayed answer to {}", request, e);
        }
    }

    private static void answer(HttpExchange exchange, ReceivedRequest request, ScriptedResponse response)
            throws IOException {
        try (exchange) {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            request.answered(response.status());
            exchange.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    private static String clientSubject(HttpExchange exchange) {
        if (exchange instanceof HttpsExchange https) {
            try {
                Certificate[] peer = https.getSSLSession().getPeerCertificates();
                if (peer.length > 0 && peer[0] instanceof X509Certificate certificate) {
                    return certificate.getSubjectX500Principal().getName();
                }
            } catch (SSLPeerUnverifiedException e) {
                return null;
            }
        }
        return null;
    }

    private static byte[] gunzip(byte[] compressed) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return in.readAllBytes();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
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
