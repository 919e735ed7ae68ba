package io.bulwark.anomaly.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Locale;

/** Actions as JSON, one shape for {@code bulwark anomalies list --json} and the management API's {@code GET /anomalies}. */
public final class AnomalyActionsJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AnomalyActionsJson() {
    }

    /** {@code {"actions": [...]}}, in the order given. */
    public static String write(List<AnomalyAction> actions) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode array = root.putArray("actions");
        actions.forEach(action -> array.add(node(action)));
        return root.toString();
    }

    /** One action as a JSON object. */
    public static ObjectNode node(AnomalyAction action) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", action.id());
        node.put("created_at", action.createdAt().toString());
        node.put("mode", action.mode().configName());
        node.put("action", action.action().configName());
        node.put("status", action.status().name().toLowerCase(Locale.ROOT));
        node.put("open", action.open());
        node.put("subject_kind", action.subjectKind().name().toLowerCase(Locale.ROOT));
        node.put("subject", action.subject());
        node.put("expires_at", action.expiresAt() == null ? null : action.expiresAt().toString());
        action.rate().ifPresentOrElse(rate -> node.put("rate", rate.toString()), () -> node.putNull("rate"));
        node.put("detail", action.detail());
        ObjectNode alert = node.putObject("alert");
        alert.put("detector", action.alert().detector());
        alert.put("kind", action.alert().kind());
        alert.put("severity", action.alert().severity());
        alert.put("score", action.alert().score());
        alert.put("reasons", action.alert().reasons());
        alert.put("request_id", action.alert().requestId());
        mark(node, "ended", action.ended());
        mark(node, "acked", action.acked());
        return node;
    }

    private static void mark(ObjectNode node, String name, AnomalyAction.Mark mark) {
        if (mark == null) {
            node.putNull(name);
            return;
        }
        ObjectNode object = node.putObject(name);
        object.put("at", mark.at().toString());
        object.put("by", mark.by());
        object.put("note", mark.note());
    }
}
