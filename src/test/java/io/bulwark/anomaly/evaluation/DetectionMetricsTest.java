package io.bulwark.anomaly.evaluation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DetectionMetricsTest {

    @Test
    void rocAucCountsTiesAsHalf() {
        DetectionMetrics perfect = metrics(new double[] {0.1, 0.2, 0.3}, new double[] {0.8, 0.9});
        assertThat(perfect.rocAuc()).isEqualTo(1.0);
        DetectionMetrics reversed = metrics(new double[] {0.8, 0.9}, new double[] {0.1, 0.2});
        assertThat(reversed.rocAuc()).isEqualTo(0.0);
        DetectionMetrics ties = metrics(new double[] {0.5, 0.5}, new double[] {0.5, 0.5});
        assertThat(ties.rocAuc()).isEqualTo(0.5);
        // Attacks 0.4 and 0.7 against normals 0.1, 0.4, 0.6: (1 + 0.5) + 3 = 4.5 of 6.
        assertThat(metrics(new double[] {0.1, 0.4, 0.6}, new double[] {0.4, 0.7}).rocAuc()).isCloseTo(0.75, within(1e-12));
    }

    @Test
    void operatingPointsKeepTheFalsePositiveRateAtOrUnderTheTarget() {
        double[] normal = new double[1000];
        for (int i = 0; i < normal.length; i++) {
            normal[i] = i / 1000.0;
        }
        DetectionMetrics m = metrics(normal, new double[] {0.9995, 0.992, 0.5});
        DetectionMetrics.OperatingPoint at1 = m.atFalsePositiveRate(0.01);
        assertThat(at1.fpr()).isLessThanOrEqualTo(0.01);
        assertThat(at1.recall()).isCloseTo(2 / 3.0, within(1e-9));
        DetectionMetrics.OperatingPoint at01 = m.atFalsePositiveRate(0.001);
        assertThat(at01.fpr()).isLessThanOrEqualTo(0.001);
        assertThat(at01.recall()).isCloseTo(1 / 3.0, within(1e-9));
        assertThat(at01.precision()).as("one attack and one normal above 0.998").isEqualTo(0.5);
        assertThat(m.report(0.5)).anyMatch(l -> l.startsWith("ROC AUC: ")).anyMatch(l -> l.startsWith("at FPR <= 1.0 %"));
    }

    private static DetectionMetrics metrics(double[] normal, double[] attack) {
        DetectionMetrics m = new DetectionMetrics();
        for (double s : normal) {
            m.add(s, false);
        }
        for (double s : attack) {
            m.add(s, true);
        }
        return m;
    }
}
