package io.bulwark.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bulwark.audit.ChainedAuditRecord;

/**
 * One audit record as a JSON object for SIEMs: the event exactly as it was hashed (already redacted by
 * {@code AuditRedaction} when written: no token, secret or full PAN), plus its place in the chain.
 */
final class AuditRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditRecordJson() {
    }

    static ObjectNode of(ChainedAuditRecord record) {
        ObjectNode json;
        try {
            json = (ObjectNode) JSON.readTree(record.eventJson());
        } catch (JsonProcessingException | ClassCastException e) {
            // An edited record still goes out, marked, so the export shows what the store holds; `audit verify` names it.
            json = JSON.createObjectNode();
            json.put("seq", record.seq());
            json.put("unreadable_event", true);
        }
        json.put("record_hash", record.hash());
        json.put("previous_hash", record.previousHash());
        json.put("chain_algorithm", record.algorithm());
        return json;
    }
}
