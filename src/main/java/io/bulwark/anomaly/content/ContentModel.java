package io.bulwark.anomaly.content;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content detector's learned state and its file (docs/ANOMALY.md, "Model file"): a profile per operation and per
 * field, the fallbacks for rare and unseen operations (per field name across operations, then per kind of field:
 * {@code path}, {@code query}, {@code body}, {@code cookie}, {@code header}), and the calibrated threshold. Memory is
 * bounded: at most {@value #MAX_OPERATIONS} operations, {@value #MAX_FIELD_PROFILES} field profiles in all (each at most
 * {@value FieldProfile#MAX_SHAPES} structures and {@value FieldProfile#MAX_VALUES} value hashes). Not thread-safe:
 * {@link ContentDetector} guards it.
 */
public final class ContentModel {

    /** The file a model is saved to inside {@code --model DIR}. */
    public static final String FILE_NAME = "content-model.json";
    static final String FORMAT = "bulwark-content-model";
    static final int VERSION = 1;
    static final int MAX_OPERATIONS = 5_000;
    static final int MAX_FIELD_PROFILES = 50_000;
    /** A profile speaks for its field from this many values on; below, the next fallback does. */
    static final int MIN_EVIDENCE = 20;
    /** With no profile at {@link #MIN_EVIDENCE}, the one with the most values speaks from this many on (Good-Turing keeps it mild). */
    static final int MIN_ANY_EVIDENCE = 5;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    final long salt;
    final EnumSet<Feature> features;
    long requests;
    /** Operations seen in exactly one request (Good-Turing's n1 for operations). */
    long singletonOperations;
    int fieldProfiles;
    final Map<String, OperationProfile> operations = new LinkedHashMap<>();
    final Map<String, FieldProfile> byName = new LinkedHashMap<>();
    final Map<String, FieldProfile> byKind = new LinkedHashMap<>();
    final FieldProfile pathSegments;
    Threshold threshold;

    /**
     * The calibrated threshold.
     *
     * @param raw       the summed surprise above which a request is anomalous
     * @param targetFpr the share of held-out normal requests allowed above it
     * @param holdout   how many held-out requests it was calibrated on (0: not calibrated)
     */
    public record Threshold(double raw, double targetFpr, long holdout) {
    }

    /** An empty model with every feature on. */
    public ContentModel() {
        this(EnumSet.allOf(Feature.class));
    }

    /** An empty model with only these features (for ablation). */
    public ContentModel(Set<Feature> features) {
        this(new SecureRandom().nextLong(), EnumSet.copyOf(features), new FieldProfile());
    }

    private ContentModel(long salt, EnumSet<Feature> features, FieldProfile pathSegments) {
        this.salt = salt;
        this.features = features;
        this.pathSegments = pathSegments;
        this.threshold = new Threshold(1, 0, 0);
    }

    /** Requests learned so far. */
    public long requests() {
        return requests;
    }

    /** The threshold in force. */
    public Threshold threshold() {
        return threshold;
    }

    /** How many operations have a profile of their own. */
    public int operationCount() {
        return operations.size();
    }

    void learn(RequestFields.Parts parts) {
        requests++;
        OperationProfile operation = operations.get(parts.operation());
        if (operation == null) {
            if (operations.size() < MAX_OPERATIONS) {
                operation = new OperationProfile();
                operations.put(parts.operation(), operation);
                singletonOperations++;
            } else {
                // Past the cap a new operation still counts as a novelty, or the chance of one would drop to nothing.
                singletonOperations++;
            }
        } else if (operation.count == 1) {
            singletonOperations--;
        }
        if (operation != null) {
            operation.learn(OperationProfile.parameters(parts));
        }
        for (RequestFields.Field field : parts.fields()) {
            long hash = field.sensitive() ? 0 : ValueHash.of(salt, field.value().text());
            if (operation != null) {
                FieldProfile profile = operation.fields.get(field.name());
                if (profile == null && operation.fields.size() < OperationProfile.MAX_FIELDS && fieldProfiles < MAX_FIELD_PROFILES) {
                    profile = new FieldProfile();
                    operation.fields.put(field.name(), profile);
                    fieldProfiles++;
                }
                if (profile != null) {
                    profile.learn(field.value(), hash);
                }
            }
            FieldProfile named = byName.get(field.name());
            if (named == null && fieldProfiles < MAX_FIELD_PROFILES) {
                named = new FieldProfile();
                byName.put(field.name(), named);
                fieldProfiles++;
            }
            if (named != null) {
                named.learn(field.value(), hash);
            }
            byKind.computeIfAbsent(kind(field.name()), k -> new FieldProfile()).learn(field.value(), 0);
        }
        for (String literal : parts.literals()) {
            pathSegments.learn(new ValueDecoding.Decoded(literal, 0), 0);
        }
    }

    /** The contributions of every feature that finds this request unusual. */
    List<Contribution> score(RequestFields.Parts parts) {
        List<Contribution> out = new ArrayList<>();
        OperationProfile operation = operations.get(parts.operation());
        boolean known = operation != null && operation.count >= MIN_ANY_EVIDENCE;
        if (operation != null) {
            operation.score("operation", OperationProfile.parameters(parts), features, out);
        }
        if (!known && features.contains(Feature.OPERATION)) {
            if (operation == null) {
                double surprise = -Math.log((singletonOperations + 1.0) / (requests + 2.0));
                out.add(new Contribution("operation", Feature.OPERATION, Math.min(surprise, FieldProfile.MAX_SURPRISE),
                        "an operation never seen (" + operations.size() + " known)"));
            }
            if (pathSegments.count >= MIN_ANY_EVIDENCE) {
                EnumSet<Feature> segmentFeatures = EnumSet.of(Feature.CHARACTERS, Feature.LENGTH, Feature.ENCODING);
                for (String literal : parts.literals()) {
                    pathSegments.score("path", new ValueDecoding.Decoded(literal, 0), 0, segmentFeatures, out);
                }
            }
        }
        for (RequestFields.Field field : parts.fields()) {
            FieldProfile profile = choose(known ? operation.fields.get(field.name()) : null, byName.get(field.name()),
                    byKind.get(kind(field.name())));
            if (profile != null) {
                long hash = field.sensitive() ? 0 : ValueHash.of(salt, field.value().text());
                profile.score(field.name(), field.value(), hash, features, out);
            }
        }
        return out;
    }

    /** The first profile with {@link #MIN_EVIDENCE} values, else the one with the most if it has {@link #MIN_ANY_EVIDENCE}. */
    private static FieldProfile choose(FieldProfile... candidates) {
        FieldProfile most = null;
        for (FieldProfile candidate : candidates) {
            if (candidate == null) {
                continue;
            }
            if (candidate.count >= MIN_EVIDENCE) {
                return candidate;
            }
            if (most == null || candidate.count > most.count) {
                most = candidate;
            }
        }
        return most != null && most.count >= MIN_ANY_EVIDENCE ? most : null;
    }

    static String kind(String field) {
        int dot = field.indexOf('.');
        String kind = dot < 0 ? field : field.substring(0, dot);
        int bracket = kind.indexOf('[');
        return bracket < 0 ? kind : kind.substring(0, bracket);
    }

    /** Writes the model to {@code dir}/{@value #FILE_NAME}, whole or not at all (a temporary file moved into place). */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, OperationProfile.Snapshot> ops = new LinkedHashMap<>();
        operations.forEach((k, v) -> ops.put(k, v.snapshot()));
        Map<String, FieldProfile.Snapshot> names = new LinkedHashMap<>();
        byName.forEach((k, v) -> names.put(k, v.snapshot()));
        Map<String, FieldProfile.Snapshot> kinds = new LinkedHashMap<>();
        byKind.forEach((k, v) -> kinds.put(k, v.snapshot()));
        ModelFile file = new ModelFile(FORMAT, VERSION, Long.toHexString(salt), features.stream().map(Enum::name).toList(), requests,
                singletonOperations, threshold, new Limits(MAX_OPERATIONS, MAX_FIELD_PROFILES, OperationProfile.MAX_FIELDS,
                FieldProfile.MAX_SHAPES, FieldProfile.MAX_VALUES, MIN_EVIDENCE, MIN_ANY_EVIDENCE), ops, names, kinds, pathSegments.snapshot());
        Path target = dir.resolve(FILE_NAME);
        Path temp = Files.createTempFile(dir, FILE_NAME, ".tmp");
        try {
            JSON.writeValue(temp.toFile(), file);
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * Reads a model saved by {@link #save}: {@code path} is its folder or the file itself.
     *
     * @throws IOException              when it cannot be read
     * @throws IllegalArgumentException when it is not a content model of a version this build reads (the message names the fix)
     */
    public static ContentModel load(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no content model at " + file + "; train one with `bulwark anomaly learn --traffic FILE --model DIR`");
        }
        ModelFile m;
        try {
            m = JSON.readValue(file.toFile(), ModelFile.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + " is not a content model (" + e.getOriginalMessage()
                    + "); train it again with `bulwark anomaly learn`");
        }
        if (m == null || !FORMAT.equals(m.format())) {
            throw new IllegalArgumentException(file + " is not a content model (format is not " + FORMAT + "); train one with `bulwark anomaly learn`");
        }
        if (m.version() != VERSION) {
            throw new IllegalArgumentException(file + " is a version " + m.version() + " content model; this build reads version "
                    + VERSION + ": train it again with `bulwark anomaly learn`");
        }
        EnumSet<Feature> features = EnumSet.noneOf(Feature.class);
        for (String name : m.features()) {
            try {
                features.add(Feature.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " names an unknown feature " + name + "; train it again with this build", e);
            }
        }
        ContentModel model = new ContentModel(Long.parseUnsignedLong(m.salt(), 16), features, FieldProfile.restore(m.pathSegments()));
        model.requests = m.requests();
        model.singletonOperations = m.singletonOperations();
        model.threshold = m.threshold();
        m.operations().entrySet().stream().limit(MAX_OPERATIONS).forEach(e -> {
            OperationProfile op = OperationProfile.restore(e.getValue());
            model.operations.put(e.getKey(), op);
            model.fieldProfiles += op.fields.size();
        });
        m.byName().entrySet().stream().limit(MAX_FIELD_PROFILES).forEach(e -> model.byName.put(e.getKey(), FieldProfile.restore(e.getValue())));
        model.fieldProfiles += model.byName.size();
        m.byKind().forEach((k, v) -> model.byKind.put(k, FieldProfile.restore(v)));
        return model;
    }

    /** The caps the model was built under, written for the reader's information. */
    record Limits(int operations, int fieldProfiles, int fieldsPerOperation, int structuresPerField, int valuesPerField, int minEvidence,
                  int minAnyEvidence) {
    }

    /** The model file (docs/ANOMALY.md, "Model file"). */
    record ModelFile(String format, int version, String salt, List<String> features, long requests, long singletonOperations,
                     Threshold threshold, Limits limits, Map<String, OperationProfile.Snapshot> operations,
                     Map<String, FieldProfile.Snapshot> byName, Map<String, FieldProfile.Snapshot> byKind,
                     FieldProfile.Snapshot pathSegments) {
    }
}
