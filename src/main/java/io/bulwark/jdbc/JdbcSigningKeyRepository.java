package io.bulwark.jdbc;

import io.bulwark.store.KeyPurpose;
import io.bulwark.store.SigningKeyRepository;
import io.bulwark.store.StoredSigningKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** {@link SigningKeyRepository} over the {@code signing_keys} rows of one purpose; private halves arrive already sealed. */
final class JdbcSigningKeyRepository implements SigningKeyRepository {

    private static final String INSERT = """
            INSERT INTO signing_keys
                (key_id, algorithm, public_jwk_json, sealed_private_jwk, created_at, activated_at, retired_at, purpose)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """;
    // key_id breaks ties so keys created in the same microsecond still list in a stable order.
    private static final String SELECT = """
            SELECT key_id, algorithm, public_jwk_json, sealed_private_jwk, created_at, activated_at, retired_at
            FROM signing_keys WHERE purpose = ? ORDER BY created_at, key_id
            """;

    private final Jdbc jdbc;
    private final KeyPurpose purpose;

    JdbcSigningKeyRepository(Jdbc jdbc, KeyPurpose purpose) {
        this.jdbc = jdbc;
        this.purpose = Objects.requireNonNull(purpose, "purpose");
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
                insert.setString(8, purpose.column());
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
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                select.setString(1, purpose.column());
                try (ResultSet result = select.executeQuery()) {
                    List<StoredSigningKey> keys = new ArrayList<>();
                    while (result.next()) {
                        keys.add(new StoredSigningKey(result.getString("key_id"), result.getString("algorithm"),
                                result.getString("public_jwk_json"), result.getString("sealed_private_jwk"),
                                SqlTimes.get(result, "created_at"), SqlTimes.get(result, "activated_at"),
                                SqlTimes.get(result, "retired_at")));
                    }
                    return keys;
                }
            }
        });
    }
}
