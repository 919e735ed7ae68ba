package io.bulwark.store.jdbc;

import io.bulwark.store.SigningKeyRepository;
import io.bulwark.store.StoredSigningKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link SigningKeyRepository} over the {@code signing_keys} table; private halves arrive already sealed. */
final class JdbcSigningKeyRepository implements SigningKeyRepository {

    private static final String INSERT = """
            INSERT INTO signing_keys
                (key_id, algorithm, public_jwk_json, sealed_private_jwk, created_at, activated_at, retired_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;
    // key_id breaks ties so keys created in the same microsecond still list in a stable order.
    private static final String SELECT = """
            SELECT key_id, algorithm, public_jwk_json, sealed_private_jwk, created_at, activated_at, retired_at
            FROM signing_keys ORDER BY created_at, key_id
            """;

    private final Jdbc jdbc;

    JdbcSigningKeyRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void add(StoredSigningKey key) {
        Objects.requireNonNull(key, "key");
        jdbc.run("add a signing key", connection -> {
            try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                insert.setString(1, key.keyId());
                insert.setString(2, key.algorithm());
                insert.setString(3, key.publicJwkJson());
                insert.setString(4, key.sealedPrivateJwk());
                SqlTimes.set(insert, 5, key.createdAt());
                SqlTimes.set(insert, 6, key.activatedAt());
                SqlTimes.set(insert, 7, key.retiredAt());
                return insert.executeUpdate();
            } catch (SQLException e) {
                if (Jdbc.isUniqueViolation(e)) {
                    throw new IllegalArgumentException("a signing key with id " + key.keyId() + " is already stored", e);
                }
                throw e;
            }
        });
    }

    @Override
    public List<StoredSigningKey> list() {
        return jdbc.run("list signing keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement(SELECT);
                 ResultSet result = select.executeQuery()) {
                List<StoredSigningKey> keys = new ArrayList<>();
                while (result.next()) {
                    keys.add(new StoredSigningKey(result.getString("key_id"), result.getString("algorithm"),
                            result.getString("public_jwk_json"), result.getString("sealed_private_jwk"),
                            SqlTimes.get(result, "created_at"), SqlTimes.get(result, "activated_at"),
                            SqlTimes.get(result, "retired_at")));
                }
                return keys;
            }
        });
    }
}
