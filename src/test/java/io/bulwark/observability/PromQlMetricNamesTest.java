package io.bulwark.observability;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard check reads metric names out of PromQL as Prometheus would, no more and no fewer. */
class PromQlMetricNamesTest {

    @Test
    void findsTheMetricsAndNothingElse() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.99, sum by (le, api) (rate(bulwark_http_request_duration_seconds_bucket"
                + "{instance=~\"$instance\", api=~\"$api\"}[$__rate_interval])))"))
                .containsExactly("bulwark_http_request_duration_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(a_sum[5m])) / sum(rate(a_count[5m] offset 1h)) * 100 > bool 2 and on (job) up"))
                .containsExactly("a_count", "a_sum", "up");
        assertThat(PromQlMetricNames.of("max by (api, state) (bulwark_upstream_circuit_state{state!=\"closed\"})"))
                .containsExactly("bulwark_upstream_circuit_state");
        assertThat(PromQlMetricNames.of("label_values(bulwark_http_requests_total, instance)")).containsExactly("bulwark_http_requests_total");
    }

    @Test
    void aMisspeltMetricIsANameLikeAnyOther() {
        assertThat(PromQlMetricNames.of("sum(rate(bulwark_htp_requests_total[1m]))")).containsExactly("bulwark_htp_requests_total");
    }
}
