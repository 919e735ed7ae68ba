package io.bulwark.oauth.dpop;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** RFC 3986 §6.2.2-6.2.3 normalization as RFC 9449 §4.3 item 9 compares htu, and §5.2.4 dot-segment removal. */
class HttpUriNormalizerTest {

    @ParameterizedTest
    @CsvSource({
            "https://api.example.com/bank/v1/accounts, https://api.example.com/bank/v1/accounts",
            "HTTPS://API.EXAMPLE.COM/bank/v1/accounts, https://api.example.com/bank/v1/accounts",
            "https://api.example.com:443/a, https://api.example.com/a",
            "http://api.example.com:80/a, http://api.example.com/a",
            "https://api.example.com:9443/a, https://api.example.com:9443/a",
            "https://api.example.com, https://api.example.com/",
            "https://api.example.com/a?b=c#d, https://api.example.com/a",
            "https://api.example.com/a#frag, https://api.example.com/a",
            "https://api.example.com/%7Euser/%61, https://api.example.com/~user/a",
            "https://api.example.com/a%2fb, https://api.example.com/a%2Fb",
            "https://api.example.com/a/./b/../c, https://api.example.com/a/c",
            "https://api.example.com/../a, https://api.example.com/a",
            "https://api.example.com/a/%2E%2E/b, https://api.example.com/b",
            "https://api.example.com/a/b/.., https://api.example.com/a/",
            "https://[::1]:9443/a, https://[::1]:9443/a",
    })
    void normalizes(String given, String expected) {
        assertThat(HttpUriNormalizer.normalize(given)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/bank/v1/accounts", "ftp://api.example.com/a", "https://user:pass@api.example.com/a", "https:///a",
            "https://api.example.com/a b", "mailto:someone@example.com", "not a uri"})
    void refusesWhatIsNotAnAbsoluteHttpUriWithAHost(String given) {
        assertThat(HttpUriNormalizer.normalize(given)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/a/b/c/./../../g, /a/g", "mid/content=5/../6, mid/6", "/./a, /a", "/., /", "/a/.., /"})
    void removesDotSegmentsAsRfc3986Section524Shows(String path, String expected) {
        assertThat(HttpUriNormalizer.removeDotSegments(path)).isEqualTo(expected);
    }
}
