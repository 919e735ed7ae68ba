package io.bulwark.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.demo.bank.Customer;
import io.bulwark.oauth.users.Base32;
import io.bulwark.oauth.users.Totp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's users: one per demo bank customer, with a password and a TOTP secret generated on the
 * first run and kept in an owner-only file ({@code demo/users/<username>.json}), so that the same
 * credentials work on every later run.
 */
public final class DemoUsers {

    /** The issuer name authenticator apps show next to the codes. */
    public static final String TOTP_ISSUER = "Bulwark Demo Bank";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    // No look-alike characters (0/o, 1/l/i), so a password read off the screen is typed right.
    private static final String PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    private DemoUsers() {
    }

    /** The users for {@code customers}, read from their files in {@code dataDir}, or created there. */
    public static List<DemoUser> prepare(Path dataDir, List<Customer> customers) {
        List<DemoUser> users = new ArrayList<>();
        for (Customer customer : customers) {
            users.add(loadOrCreate(file(dataDir, customer.subject()), customer));
        }
        return List.copyOf(users);
    }

    /** Where the credentials of {@code username} are kept. */
    public static Path file(Path dataDir, String username) {
        return dataDir.resolve("demo/users/" + username + ".json");
    }

    /** The base32 TOTP secret in the credentials file of {@code username}. */
    public static String totpSecret(Path dataDir, String username) {
        Path file = file(dataDir, username);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("no demo user `" + username + "`: " + file + " does not exist; run `bulwark demo` "
                    + "with this --data-dir first (the demo users are the bank's customers, such as alice and bob)");
        }
        return read(file).path("totp_secret").asText();
    }

    private static DemoUser loadOrCreate(Path file, Customer customer) {
        String password;
        String secret;
        if (Files.exists(file)) {
            JsonNode node = read(file);
            password = node.path("password").asText();
            secret = node.path("totp_secret").asText();
        } else {
            password = newPassword();
            secret = Base32.encode(Totp.newSecret());
        }
        String username = customer.subject();
        String uri = Totp.otpauthUri(TOTP_ISSUER, username, Base32.decode(secret));
        ObjectNode node = JSON.createObjectNode();
        node.put("username", username);
        node.put("subject", customer.subject());
        node.put("name", customer.fullName());
        node.put("password", password);
        node.put("totp_secret", secret);
        node.put("otpauth_uri", uri);
        write(file, node);
        return new DemoUser(username, customer.subject(), customer.fullName(), password, secret, uri, file);
    }

    /** Four groups of five characters: about 98 bits, easy to read and type. */
    private static String newPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            if (i > 0 && i % 5 == 0) {
                password.append('-');
            }
            password.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " cannot be read as JSON: " + e.getMessage(), e);
        }
    }

    private static void write(Path file, ObjectNode node) {
        try {
            Files.createDirectories(file.getParent());
            // Created owner-only from the start: it holds a password and a second-factor secret.
            Path temp = Files.createTempFile(file.getParent(), ".user", ".json",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
