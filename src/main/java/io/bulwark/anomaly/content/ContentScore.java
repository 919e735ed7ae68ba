package io.bulwark.anomaly.content;

import java.util.List;

/**
 * How anomalous one request's content is.
 *
 * @param score     in [0, 1), higher is more anomalous: {@code raw / (raw + threshold.raw)}, so 0.5 is the calibrated threshold
 * @param raw       the summed surprise of every feature ({@code -ln p} each)
 * @param anomalous whether {@code score} is above the threshold in force
 * @param reasons   the strongest contributions, most important first, as {@code field: why}; characters and numbers, never values
 */
public record ContentScore(double score, double raw, boolean anomalous, List<String> reasons) {

    public ContentScore {
        reasons = List.copyOf(reasons);
    }
}
