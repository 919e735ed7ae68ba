package io.bulwark.testing;

import io.bulwark.config.TlsFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * The bulwark.yaml of a test node: an authorization server and a gateway sharing one server identity, the bank API
 * (bank-openapi.yaml beside the file) in front of an upstream at {@code bankPort} reached with {@code upstreamClient},
 * and the client {@code partner} (partner.jwks.json beside the file). Each test adds the sections it is about.
 */
public final class NodeYaml {

    private final String dataDir;
    private final String issuer;
    private final int asPort;
    private final int gatewayPort;
    private final TlsFiles server;
    private final Path trustedCa;
    private final int bankPort;
    private final TlsFiles upstreamClient;
    private String store = "";
    private String authorizationServer = "";
    private String gateway = "";
    private String client = "scopes: [products:read]";
    private String sections = "";
    // Any free port: nodes of parallel tests must not meet on the default 127.0.0.1:9000.
    private String management = "management:\n  listen: 127.0.0.1:0\n";

    /** @param dataDir the data directory relative to the file, such as {@code ./data} */
    public NodeYaml(String dataDir, String issuer, int asPort, int gatewayPort, TlsFiles server, Path trustedCa, int bankPort,
                    TlsFiles upstreamClient) {
        this.dataDir = dataDir;
        this.issuer = issuer;
        this.asPort = asPort;
        this.gatewayPort = gatewayPort;
        this.server = server;
        this.trustedCa = trustedCa;
        this.bankPort = bankPort;
        this.upstreamClient = upstreamClient;
    }

    /** A {@code store:} section's lines (the embedded store when not set). */
    public NodeYaml store(String lines) {
        this.store = "store:\n" + indented(lines, 2);
        return this;
    }

    /** More lines under {@code authorization-server:}. */
    public NodeYaml authorizationServer(String lines) {
        this.authorizationServer = indented(lines, 2);
        return this;
    }

    /** More lines under {@code gateway:}. */
    public NodeYaml gateway(String lines) {
        this.gateway = indented(lines, 2);
        return this;
    }

    /** The partner client's lines after its jwks-file ({@code scopes: [products:read]} when not set). */
    public NodeYaml client(String lines) {
        this.client = lines;
        return this;
    }

    /** The {@code management:} section's lines (an open listener on 127.0.0.1, any free port, when not set). */
    public NodeYaml management(String lines) {
        this.management = "management:\n" + indented(lines, 2);
        return this;
    }

    /** Top-level sections after {@code clients:} (redis, rate-limits, authentication-guard, ...). */
    public NodeYaml sections(String yaml) {
        this.sections = yaml.endsWith("\n") ? yaml : yaml + "\n";
        return this;
    }

    public String text() {
        String tls = "tls: {certificate-chain: %s, private-key: %s}".formatted(server.certificateChain(), server.privateKey());
        return "data-dir: " + dataDir + "\n"
                + "master-key:\n"
                + "  file: ./master.key\n"
                + store
                + "authorization-server:\n"
                + "  issuer: " + issuer + "\n"
                + "  listen: localhost:" + asPort + "\n"
                + "  " + tls + "\n"
                + authorizationServer
                + "gateway:\n"
                + "  listen: localhost:" + gatewayPort + "\n"
                + "  " + tls + "\n"
                + gateway
                + "  audience: https://api.example\n"
                + "  trusted-ca: " + trustedCa + "\n"
                + "  apis:\n"
                + "    - name: bank\n"
                + "      base-path: /bank/v1\n"
                + "      purpose: test API\n"
                + "      owner-team: test-team\n"
                + "      openapi: bank-openapi.yaml\n"
                + "      upstream:\n"
                + "        url: https://localhost:" + bankPort + "\n"
                + "        client-identity: {certificate-chain: " + upstreamClient.certificateChain() + ", private-key: "
                + upstreamClient.privateKey() + "}\n"
                + "        trusted-ca: " + trustedCa + "\n"
                + "clients:\n"
                + "  - client-id: partner\n"
                + "    jwks-file: partner.jwks.json\n"
                + indented(client, 4)
                + management
                + sections;
    }

    /** Writes {@link #text()} to {@code file} and returns the file. */
    public Path writeTo(Path file) {
        try {
            return Files.writeString(file, text());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String indented(String lines, int spaces) {
        String indent = " ".repeat(spaces);
        return lines.lines().map(line -> line.isEmpty() ? line : indent + line).collect(Collectors.joining("\n", "", "\n"));
    }
}
