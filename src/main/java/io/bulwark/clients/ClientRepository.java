package io.bulwark.clients;

import java.util.List;
import java.util.Optional;

/** Port: the registered OAuth clients. */
public interface ClientRepository {

    /** The client with this id, if registered. */
    Optional<RegisteredClient> find(String clientId);

    /** Registers the client, or replaces the registration with the same id. */
    void save(RegisteredClient client);

    /** Every registered client, ordered by id. */
    List<RegisteredClient> list();
}
