package io.bulwark.gateway.http;

import io.vertx.core.MultiMap;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Converts Vert.x header maps to the library-free shape the pipeline uses. */
final class VertxHeaders {

    private VertxHeaders() {
    }

    static Map<String, List<String>> toMap(MultiMap multiMap) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String name : multiMap.names()) {
            headers.put(name, multiMap.getAll(name));
        }
        return headers;
    }
}
