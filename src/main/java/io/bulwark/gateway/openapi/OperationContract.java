package io.bulwark.gateway.openapi;

import java.util.List;
import java.util.Map;

/**
 * What one operation's contract says about requests and responses, compiled at start-up.
 *
 * @param parameters the path, query, header and cookie parameters (path-level ones merged in)
 * @param body       the request body, or null when the operation takes none
 * @param responses  responses by status code, range ({@code 4XX}) or {@code default}
 */
public record OperationContract(List<ParameterContract> parameters, BodyContract body, Map<String, ResponseContract> responses) {

    public OperationContract {
        parameters = List.copyOf(parameters);
        responses = Map.copyOf(responses);
    }

    /** The parameters sent {@code in} one place. */
    public List<ParameterContract> parameters(ParameterContract.Location in) {
        return parameters.stream().filter(p -> p.in() == in).toList();
    }

    /** The response declared for {@code status}: exact code, then its range, then {@code default}; null if none. */
    public ResponseContract response(int status) {
        ResponseContract exact = responses.get(Integer.toString(status));
        if (exact != null) {
            return exact;
        }
        ResponseContract range = responses.get((status / 100) + "XX");
        return range != null ? range : responses.get("default");
    }
}
