package dev.agora.common.keys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The keys of one installation of the local stack (and of the Compose stack): the RS256 pair the gateway signs access
 * tokens with, and the AES keys sealing agents' and trigger actions' secrets at rest. They are generated with the JDK
 * on first use into one directory (owner-only permissions) and read back on every later start, so tokens and sealed
 * secrets survive restarts; no two installations share a key.
 * <p>
 * The directory is generated whole in a sibling and renamed into place, so services starting at the same time agree
 * on one set of keys. Plain JDK only: the local launcher and the Compose init step run it outside Quarkus.
 */
public final class InstallationKeys {
    public static final String JWT_PRIVATE_KEY = "jwt-private.pem";
    public static final String JWT_PUBLIC_KEY = "jwt-public.pem";
    public static final String AGENTS_SECRET_KEY = "agents-secret-key";
    public static final String TRIGGERS_SECRET_KEY = "triggers-secret-key";
    private static final List<String> FILES = List.of(JWT_PRIVATE_KEY, JWT_PUBLIC_KEY, AGENTS_SECRET_KEY,
            TRIGGERS_SECRET_KEY);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path directory;
    private final boolean generated;

    private InstallationKeys(Path directory, boolean generated) {
        this.directory = directory;
        this.generated = generated;
    }

    /** The keys in {@code directory}, generated first if the directory does not exist yet. */
    public static InstallationKeys ensure(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (Files.isDirectory(dir) && !isEmpty(dir)) {
            return existing(dir);
        }
        try {
            Files.createDirectories(dir.getParent());
            Path staging = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + "-");
            try {
                writeNewKeys(staging);
                Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
                return new InstallationKeys(dir, true);
            } catch (IOException notMoved) {
                if (Files.isDirectory(dir) && !isEmpty(dir)) {
                    // another process generated them first: theirs are the installation's keys
                    return existing(dir);
                }
                throw notMoved;
            } finally {
                deleteTree(staging);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the installation keys to " + dir, e);
        }
    }

    /** True when this call generated the keys, false when they were already there. */
    public boolean generated() {
        return generated;
    }

    public Path directory() {
        return directory;
    }

    /** The gateway's signing key (PKCS#8 PEM). */
    public Path jwtPrivateKey() {
        return directory.resolve(JWT_PRIVATE_KEY);
    }

    /** The key every service verifies access tokens with (X.509 PEM). */
    public Path jwtPublicKey() {
        return directory.resolve(JWT_PUBLIC_KEY);
    }

    /** {@code agora.agents.secret-key}: base64 of 32 random bytes. */
    public String agentsSecretKey() {
        return read(AGENTS_SECRET_KEY);
    }

    /** {@code agora.triggers.secret-key}: base64 of 32 random bytes. */
    public String triggersSecretKey() {
        return read(TRIGGERS_SECRET_KEY);
    }

    /** {@code java -cp <common.jar> dev.agora.common.keys.InstallationKeys <directory>}: the Compose init step. */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: InstallationKeys <directory>");
            System.exit(2);
        }
        InstallationKeys keys = ensure(Path.of(args[0]));
        System.out.println((keys.generated() ? "Generated new keys in " : "Keeping the keys in ") + keys.directory());
    }

    private static InstallationKeys existing(Path dir) {
        for (String file : FILES) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new IllegalStateException(dir.resolve(file) + " is missing. Restore it, or delete " + dir
                        + " to generate new keys (tokens issued before stop verifying, and secrets sealed with the old"
                        + " keys can no longer be opened).");
            }
        }
        return new InstallationKeys(dir, false);
    }

    private static void writeNewKeys(Path dir) throws IOException {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation is not available", e);
        }
        ownerOnly(dir, "rwx------");
        write(dir.resolve(JWT_PRIVATE_KEY), pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        write(dir.resolve(JWT_PUBLIC_KEY), pem("PUBLIC KEY", pair.getPublic().getEncoded()));
        write(dir.resolve(AGENTS_SECRET_KEY), randomAesKey() + "\n");
        write(dir.resolve(TRIGGERS_SECRET_KEY), randomAesKey() + "\n");
    }

    private static String randomAesKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    private static void write(Path file, String content) throws IOException {
        Files.createFile(file);
        ownerOnly(file, "rw-------");
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    private String read(String file) {
        try {
            return Files.readString(directory.resolve(file), StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + directory.resolve(file), e);
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        }
    }
}
