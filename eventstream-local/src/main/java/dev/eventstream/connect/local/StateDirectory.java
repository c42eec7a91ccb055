package dev.eventstream.connect.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Properties;

/**
 * Everything a run keeps for the next one: the brokers' data (and with it Connect's configs, offsets and
 * status), the demo receiver's certificates, the secrets file the worker's FileConfigProvider reads, and the logs.
 */
final class StateDirectory {

    private final Path root;

    StateDirectory(Path root) {
        this.root = root;
    }

    /** Creates the directory, after deleting it first when {@code reset}. */
    static StateDirectory open(Path root, boolean reset) {
        try {
            if (reset && Files.exists(root)) {
                deleteRecursively(root);
            }
            Files.createDirectories(root.resolve("logs"));
            Files.createDirectories(root.resolve("receiver"));
        } catch (IOException e) {
            throw new StackFailure("cannot use the state directory " + root + ": " + e.getMessage()
                + " (pick another one with --state-dir=DIR)", e);
        }
        return new StateDirectory(root);
    }

    Path root() {
        return root;
    }

    Path platformKafka() {
        return root.resolve("kafka");
    }

    Path customerKafka() {
        return root.resolve("customer-kafka");
    }

    Path tls() {
        return root.resolve("tls");
    }

    Path logs() {
        return root.resolve("logs");
    }

    /** What the demo receiver got: one {@code <tenant>-<endpoint>.ndjson} per endpoint, and requests.log. */
    Path receiver() {
        return root.resolve("receiver");
    }

    /** The properties file that connector configs reference as {@code ${file:<this path>:<key>}}. */
    Path secretsFile() {
        return root.resolve("secrets.properties");
    }

    /**
     * The value of {@code key} in the secrets file, made by {@code generator} and written there on first use,
     * so that a restart keeps the same signing secrets and store passwords.
     */
    synchronized String secret(String key, java.util.function.Supplier<String> generator) {
        Properties secrets = new Properties();
        Path file = secretsFile();
        try {
            if (Files.exists(file)) {
                try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    secrets.load(reader);
                }
            }
            String value = secrets.getProperty(key);
            if (value == null) {
                value = generator.get();
                secrets.setProperty(key, value);
                try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                    secrets.store(writer, "Secrets of the local stack, read by the worker's FileConfigProvider; made on first start");
                }
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write " + file, e);
        }
    }

    /** A random password-like value: 24 bytes, base64url. */
    static String randomToken() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** A Standard Webhooks signing secret: {@code whsec_} and a base64 key of 32 random bytes. */
    static String randomSigningSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return "whsec_" + Base64.getEncoder().encodeToString(bytes);
    }

    private static void deleteRecursively(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
