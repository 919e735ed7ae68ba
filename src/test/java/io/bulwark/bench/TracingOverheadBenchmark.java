package io.bulwark.bench;

import io.bulwark.config.TracingConfig;
import io.bulwark.gateway.Exchange;
import io.bulwark.gateway.GatewayPipeline;
import io.bulwark.gateway.GatewayRequest;
import io.bulwark.gateway.GatewayResponse;
import io.bulwark.gateway.Phase;
import io.bulwark.gateway.RequestTracing;
import io.bulwark.gateway.Step;
import io.bulwark.gateway.TraceContext;
import io.bulwark.gateway.TracedUpstream;
import io.bulwark.gateway.Upstream;
import io.bulwark.testing.OtlpReceiver;
import io.bulwark.testing.TestSteps;
import io.bulwark.tracing.TracingExport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What tracing costs the request thread: a pipeline of 23 pass-through steps and a terminal step calling a
 * {@link TracedUpstream} (the gateway's shape, without the steps' own work), with no tracing at all, the node's tracer with
 * export off, and export on at 10 % and 100 % sampling to a real OTLP receiver in this process. Run with
 * {@code java -cp … org.openjdk.jmh.Main TracingOverheadBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TracingOverheadBenchmark {

    @Param({"none", "off", "sampled-10", "sampled-100"})
    public String tracing;

    private OtlpReceiver receiver;
    private TracingExport export;
    private GatewayPipeline pipeline;
    private final GatewayRequest request = new GatewayRequest("GET", "/bank/v1/products", null,
            Map.of("traceparent", List.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")), null, "203.0.113.9", null);

    @Setup(Level.Trial)
    public void setUp() {
        RequestTracing requestTracing = RequestTracing.NONE;
        if (!tracing.equals("none")) {
            receiver = OtlpReceiver.start(false);
            TracingConfig config = switch (tracing) {
                case "off" -> TracingConfig.OFF;
                case "sampled-10" -> exporting(0.1);
                default -> exporting(1.0);
            };
            export = TracingExport.start(config);
            requestTracing = new RequestTracing(export.tracer(), new TraceContext(List.of()));
        }
        Upstream upstream = new TracedUpstream(call -> new GatewayResponse(200, Map.of(), new byte[0], null, null),
                URI.create("https://bank.internal:8444"), requestTracing);
        List<Step> steps = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            steps.add(TestSteps.step(Phase.OBSERVE, Set.of(), (exchange, chain) -> chain.proceed(exchange)));
        }
        steps.add(TestSteps.step(Phase.PROXY, Set.of(), (exchange, chain) -> {
            try {
                return upstream.send(new Upstream.Request("GET", "/products", Map.of("accept", List.of("application/json")), new byte[0]));
            } catch (Upstream.UpstreamException e) {
                throw new IllegalStateException(e);
            }
        }));
        pipeline = new GatewayPipeline(steps, requestTracing);
    }

    private TracingConfig exporting(double ratio) {
        // The receiver parses every export and counts its spans; it runs in this process, so its work competes for the CPU too.
        return new TracingConfig(true, Optional.of(URI.create(receiver.endpoint())), Map.of(), ratio,
                TracingConfig.DEFAULT_EXPORT_TIMEOUT, TracingConfig.DEFAULT_MAX_QUEUE_SIZE, List.of());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (export != null) {
            export.close();
            System.out.println("spans dropped: " + export.droppedSpans() + ", received: " + receiver.received());
            receiver.close();
        }
    }

    @Benchmark
    public GatewayResponse request() {
        return pipeline.handle(new Exchange(request));
    }
}
