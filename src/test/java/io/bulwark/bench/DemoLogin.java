package io.bulwark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** A demo user's sign-in, as the demo wrote it to {@code demo/users/<username>.json}: password and TOTP secret (base32). */
record DemoLogin(String username, String password, String totpSecret) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Every demo user of the data folder, by username. */
    static List<DemoLogin> all(Path dataDir) throws IOException {
        List<DemoLogin> logins = new ArrayList<>();
        try (Stream<Path> files = Files.list(dataDir.resolve("demo/users"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().toList()) {
                JsonNode node = JSON.readTree(file.toFile());
                logins.add(new DemoLogin(node.path("username").asText(), node.path("password").asText(), node.path("totp_secret").asText()));
            }
        }
        if (logins.isEmpty()) {
            throw new IllegalStateException("no demo users in " + dataDir.resolve("demo/users"));
        }
        return List.copyOf(logins);
    }

    @Override
    public String toString() {
        return "DemoLogin[" + username + ", secrets redacted]";
    }
}
