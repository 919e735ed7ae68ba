package io.bulwark.store;

import java.util.List;

/** Port: the authorization server's signing keys, private halves sealed. */
public interface SigningKeyRepository {

    /** Stores a new key; a key with the same id is a programming error and fails. */
    void add(StoredSigningKey key);

    /** Every stored key, oldest first. */
    List<StoredSigningKey> list();
}
