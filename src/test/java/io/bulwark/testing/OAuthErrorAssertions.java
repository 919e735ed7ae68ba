package io.bulwark.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The assertion on an RFC 6749 §5.2 error answer: its status, {@code error} code and words of {@code error_description}. */
public final class OAuthErrorAssertions {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OAuthErrorAssertions() {
    }

    /** As answered to the JDK's HTTP client. */
    public static void assertOAuthError(HttpResponse<String> response, int status, String error, String descriptionPart) {
        assertOAuthError(response.statusCode(), response.body(), status, error, descriptionPart);
    }

    /** As answered to the Nimbus SDK's HTTP client. */
    public static void assertOAuthError(HTTPResponse response, int status, String error, String descriptionPart) {
        assertOAuthError(response.getStatusCode(), response.getBody(), status, error, descriptionPart);
    }

    private static void assertOAuthError(int actualStatus, String responseBody, int status, String error, String descriptionPart) {
        assertThat(actualStatus).as(responseBody).isEqualTo(status);
        JsonNode body;
        try {
            body = JSON.readTree(responseBody);
        } catch (JsonProcessingException e) {
            throw new AssertionError("the answer is not JSON: " + responseBody, e);
        }
        assertThat(body.get("error").asText()).isEqualTo(error);
        assertThat(body.get("error_description").asText()).contains(descriptionPart);
    }
}
