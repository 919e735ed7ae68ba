package io.bulwark.config;

import java.time.Duration;
import java.util.List;

/** Reads a {@code dpop} map ({@code nonce}, {@code max-proof-age}) of the authorization server or the gateway. */
final class DpopReader {

    private static final List<String> NONCE_MODES = List.of("optional", "required");
    private static final String NONCE_FIX = "write `required` (every DPoP proof must carry a nonce this server issued, RFC 9449 §8)"
            + " or `optional` (the default: a nonce is checked only when a proof carries one)";

    private DpopReader() {
    }

    static DpopConfig read(ConfigNode node) {
        if (node.isAbsent()) {
            return DpopConfig.DEFAULT;
        }
        node.map("nonce", "max-proof-age");
        boolean nonceRequired = false;
        ConfigNode nonce = node.get("nonce");
        if (!nonce.isAbsent()) {
            // YAML reads on/off/yes/no as true/false; say so rather than only "not a string".
            if (nonce.raw().isBoolean()) {
                throw nonce.error("is true/false, not a nonce mode", NONCE_FIX);
            }
            String mode = nonce.text().strip();
            if (!NONCE_MODES.contains(mode)) {
                throw nonce.error("`" + mode + "` is not a nonce mode", DidYouMean.closest(mode, NONCE_MODES)
                        .map(known -> "did you mean `" + known + "`? ").orElse("") + NONCE_FIX);
            }
            nonceRequired = mode.equals("required");
        }
        Duration maxAge = Durations.read(node.get("max-proof-age"), DpopConfig.DEFAULT.maxProofAge(), Duration.ofSeconds(5),
                Duration.ofMinutes(5), "a DPoP proof is made for one request, so it need only live seconds (RFC 9449 §11.1)");
        return new DpopConfig(nonceRequired, maxAge);
    }
}
