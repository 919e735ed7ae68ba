package io.bulwark.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bulwark.config.MasterKeyConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterKeyTest {

    private static final UnaryOperator<String> NO_ENV = name -> null;

    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableTakesPrecedenceOverTheFile() throws Exception {
        byte[] inFile = random(32);
        byte[] inEnv = random(32);
        Path file = keyFile(base64(inFile), "rw-------");
        UnaryOperator<String> env = Map.of("MY_KEY", base64(inEnv))::get;

        MasterKey key = MasterKey.load(new MasterKeyConfig("MY_KEY", file), env);

        assertThat(key.secretKey().getEncoded()).isEqualTo(inEnv);
    }

    @Test
    void theDefaultVariableIsReadWhenNoneIsNamed() {
        byte[] inEnv = random(32);
        UnaryOperator<String> env = Map.of(MasterKeyConfig.DEFAULT_ENV, base64(inEnv))::get;

        MasterKey key = MasterKey.load(new MasterKeyConfig(null, null), env);

        assertThat(key.secretKey().getEncoded()).isEqualTo(inEnv);
    }

    @Test
    void theFileIsReadWhenTheVariableIsUnset() throws Exception {
        byte[] inFile = random(32);
        Path file = keyFile(base64(inFile) + "\n", "rw-------");

        MasterKey key = MasterKey.load(new MasterKeyConfig("MY_KEY", file), NO_ENV);

        assertThat(key.secretKey().getEncoded()).isEqualTo(inFile);
    }

    @Test
    void aFileReadableByOthersIsRefusedWithTheFix() throws Exception {
        Path file = keyFile(base64(random(32)), "rw-r--r--");

        assertThatThrownBy(() -> MasterKey.load(new MasterKeyConfig("MY_KEY", file), NO_ENV))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("chmod 600 " + file);
    }

    @Test
    void aMissingFileIsRefusedWithTheFix() {
        Path file = dir.resolve("absent.key");

        assertThatThrownBy(() -> MasterKey.load(new MasterKeyConfig("MY_KEY", file), NO_ENV))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("openssl rand -base64 32 > " + file);
    }

    @Test
    void aKeyOfTheWrongLengthIsRefusedWithTheFix() throws Exception {
        String shortKey = base64(random(16));
        Path file = keyFile(shortKey, "rw-------");

        assertThatThrownBy(() -> MasterKey.load(new MasterKeyConfig("MY_KEY", file), NO_ENV))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("exactly 32 bytes")
                .hasMessageContaining("openssl rand -base64 32 > " + file)
                .message().doesNotContain(shortKey);
        assertThatThrownBy(() -> MasterKey.load(new MasterKeyConfig("MY_KEY", null), Map.of("MY_KEY", shortKey)::get))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("MY_KEY")
                .hasMessageContaining("openssl rand -base64 32")
                .message().doesNotContain(shortKey);
    }

    @Test
    void invalidBase64IsRefusedWithoutEchoingIt() {
        String garbage = "not*base64*secret";

        assertThatThrownBy(() -> MasterKey.load(new MasterKeyConfig("MY_KEY", null), Map.of("MY_KEY", garbage)::get))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageContaining("openssl rand -base64 32")
                .message().doesNotContain("secret").doesNotContain("*");
    }

    @Test
    void noSourceAtAllIsRefusedWithTheFix() {
        assertThatThrownBy(() -> MasterKey.load(new MasterKeyConfig("MY_KEY", null), NO_ENV))
                .isInstanceOf(MasterKeyException.class)
                .hasMessageContaining("MY_KEY")
                .hasMessageContaining("openssl rand -base64 32");
    }

    @Test
    void createIfMissingWritesAnOwnerOnlyKeyOnceAndThenReusesIt() throws Exception {
        Path file = dir.resolve("demo/master.key");

        MasterKey created = MasterKey.createIfMissing(file);
        String content = Files.readString(file);
        MasterKey again = MasterKey.createIfMissing(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(content.strip())).hasSize(32);
        assertThat(Files.readString(file)).isEqualTo(content);
        assertThat(again.secretKey().getEncoded()).isEqualTo(created.secretKey().getEncoded());
        assertThat(MasterKey.load(new MasterKeyConfig("MY_KEY", file), NO_ENV).secretKey().getEncoded())
                .isEqualTo(created.secretKey().getEncoded());
    }

    @Test
    void toStringRevealsNothing() {
        byte[] bytes = random(32);
        MasterKey key = MasterKey.fromBytes(bytes);

        assertThat(key.toString()).doesNotContain(base64(bytes)).contains("redacted");
    }

    private Path keyFile(String content, String permissions) throws Exception {
        Path file = dir.resolve("master.key");
        Files.writeString(file, content);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        return file;
    }

    private static byte[] random(int length) {
        byte[] bytes = new byte[length];
        new SecureRandom().nextBytes(bytes);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
