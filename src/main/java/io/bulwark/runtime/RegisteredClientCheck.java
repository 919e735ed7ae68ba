package io.bulwark.runtime;

import io.bulwark.clients.ClientRepository;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Whether a client id names a registered client, for the metrics' {@code client} label: asked of the store once per
 * client id and remembered, so a label value exists only for clients an operator registered.
 */
final class RegisteredClientCheck implements Predicate<String> {

    // Enough for every registered client of a large deployment; beyond it ids are simply asked again.
    private static final int REMEMBERED = 10_000;

    private final ClientRepository clients;
    private final Map<String, Boolean> known = new ConcurrentHashMap<>();

    RegisteredClientCheck(ClientRepository clients) {
        this.clients = clients;
    }

    @Override
    public boolean test(String clientId) {
        Boolean registered = known.get(clientId);
        if (registered != null) {
            return registered;
        }
        boolean found = clients.find(clientId).isPresent();
        if (found && known.size() < REMEMBERED) {
            // Only registered ids are remembered: an unknown id may be registered later, and must not fill the map.
            known.put(clientId, true);
        }
        return found;
    }
}
