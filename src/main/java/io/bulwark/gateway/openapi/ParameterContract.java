package io.bulwark.gateway.openapi;

import java.util.Set;

/**
 * A declared parameter and how its text becomes a JSON value for its schema.
 *
 * @param name        its name (header names compare case-insensitively)
 * @param in          where it is sent
 * @param required    whether a request must carry it
 * @param array       whether its schema is an array (values comma-separated, or repeated in the query when exploded)
 * @param explode     for query arrays: one {@code name=value} pair per item ({@code style: form}, the default)
 * @param scalarTypes the JSON types its value (or each item) may have, from the schema's {@code type}; empty when untyped
 * @param schema      the compiled schema
 */
public record ParameterContract(String name, Location in, boolean required, boolean array, boolean explode,
                                Set<String> scalarTypes, ContractSchema schema) {

    /** Where a parameter is sent (OpenAPI {@code in}). */
    public enum Location { PATH, QUERY, HEADER, COOKIE }

    public ParameterContract {
        scalarTypes = Set.copyOf(scalarTypes);
    }
}
