package io.bulwark.anomaly.behaviour;

import com.amazon.randomcutforest.config.ForestMode;
import com.amazon.randomcutforest.config.Precision;
import com.amazon.randomcutforest.config.TransformMethod;
import com.amazon.randomcutforest.parkservices.AnomalyDescriptor;
import com.amazon.randomcutforest.parkservices.ThresholdedRandomCutForest;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestMapper;
import com.amazon.randomcutforest.parkservices.state.ThresholdedRandomCutForestState;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * One thresholded Random Cut Forest (Guha et al., ICML 2016; AWS randomcutforest-parkservices) over shingled windows:
 * shingled here, not in the forest, so that a population forest can take points of many identities without mixing
 * their sequences. Saved through the library's own state mapper, as JSON, compressed.
 */
final class ForestModel {

    /** An identity's forest: small, since a node keeps up to {@code max-identities} of them. */
    static final int OWN_TREES = 20;
    static final int OWN_SAMPLES = 64;
    /** A population forest: one per kind, seeing every identity's windows, so larger. */
    static final int POPULATION_TREES = 30;
    static final int POPULATION_SAMPLES = 256;
    private static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** What the forest said about one point: its score, grade, threshold, and each feature's share of the newest window. */
    record Verdict(double score, double grade, double threshold, double[] attribution) {
    }

    private final ThresholdedRandomCutForest forest;

    private ForestModel(ThresholdedRandomCutForest forest) {
        this.forest = forest;
    }

    static ForestModel create(int shingleSize, int trees, int samples, double zFactor, long seed) {
        ThresholdedRandomCutForest forest = ThresholdedRandomCutForest.builder()
                .dimensions(shingleSize * Feature.COUNT).shingleSize(1).internalShinglingEnabled(false)
                .numberOfTrees(trees).sampleSize(samples).outputAfter(Math.min(32, samples / 2))
                .forestMode(ForestMode.STANDARD).transformMethod(TransformMethod.NONE).precision(Precision.FLOAT_32)
                // A third of the bounding boxes cached: without any, each update rebuilds boxes up the tree (several times
                // slower here); with all, an identity's forest takes about three times the memory.
                .boundingBoxCacheFraction(trees == OWN_TREES ? 0.3 : 1.0).parallelExecutionEnabled(false).randomSeed(seed).zFactor(zFactor)
                .build();
        return new ForestModel(forest);
    }

    /** Scores {@code point} (a shingled window), then learns it. */
    Verdict process(double[] point, long sequence) {
        AnomalyDescriptor descriptor = forest.process(point, sequence);
        double[] attribution = new double[Feature.COUNT];
        double[] all = descriptor.getRelevantAttribution();
        if (all != null && all.length >= Feature.COUNT) {
            // The newest window is the shingle's last slot: what changed now, not what is still in the shingle.
            System.arraycopy(all, all.length - Feature.COUNT, attribution, 0, Feature.COUNT);
        }
        return new Verdict(descriptor.getRCFScore(), descriptor.getAnomalyGrade(), descriptor.getThreshold(), attribution);
    }

    long updates() {
        return forest.getForest().getTotalUpdates();
    }

    byte[] toBytes() {
        ThresholdedRandomCutForestState state = new ThresholdedRandomCutForestMapper().toState(forest);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
        try (GZIPOutputStream out = new GZIPOutputStream(buffer)) {
            JSON.writeValue(out, state);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    static ForestModel fromBytes(byte[] bytes, long seed) {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            ThresholdedRandomCutForestState state = JSON.readValue(in, ThresholdedRandomCutForestState.class);
            return new ForestModel(new ThresholdedRandomCutForestMapper().toModel(state, seed));
        } catch (IOException e) {
            throw new IllegalArgumentException("a stored forest could not be read", e);
        }
    }
}
