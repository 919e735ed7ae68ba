package io.bulwark.demo;

/**
 * A demo user (one of the demo bank's customers) with the credentials written to
 * {@code demo/users/<username>.json}, so that a tester can sign in.
 *
 * @param totpSecret  the RFC 6238 secret, base32, as authenticator apps take it
 * @param otpauthUri  the same secret as an {@code otpauth://} URI (what a QR code would hold)
 */
public record DemoUser(String username, String subject, String displayName, String password, String totpSecret,
                       String otpauthUri, java.nio.file.Path file) {

    @Override
    public String toString() {
        return "DemoUser[username=" + username + ", file=" + file + ", secrets redacted]";
    }
}
