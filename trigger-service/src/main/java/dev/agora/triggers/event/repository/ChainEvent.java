package dev.agora.triggers.event.repository;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.agora.triggers.engine.EngineEvent;

/** An ERC-8004 registry event as indexers post it ({@code events}); {@code timestamp} is the block time (s). */
public record ChainEvent(long chainId, long blockNumber, String blockHash, String transactionHash, int logIndex,
        String registry, String eventType, String agentId, long timestamp, String owner, String tokenUri,
        String metadataKey, String metadataValue, String clientAddress, Long feedbackIndex, Integer score, String tag1,
        String tag2, String fileUri, String fileHash, String validatorAddress, String requestHash, Integer response,
        String responseUri, String responseHash, String tag) {

    public String id() {
        return chainId + "-" + blockNumber + "-" + logIndex;
    }

    /** The API and engine view: camelCase fields, absent ones left out, plus {@code id}. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode()
                .put("id", id()).put("chainId", chainId).put("blockNumber", blockNumber).put("blockHash", blockHash)
                .put("transactionHash", transactionHash).put("logIndex", logIndex).put("registry", registry)
                .put("eventType", eventType).put("timestamp", timestamp);
        putIfPresent(json, "agentId", agentId);
        putIfPresent(json, "owner", owner);
        putIfPresent(json, "tokenUri", tokenUri);
        putIfPresent(json, "metadataKey", metadataKey);
        putIfPresent(json, "metadataValue", metadataValue);
        putIfPresent(json, "clientAddress", clientAddress);
        if (feedbackIndex != null) {
            json.put("feedbackIndex", feedbackIndex);
        }
        if (score != null) {
            json.put("score", score);
        }
        putIfPresent(json, "tag1", tag1);
        putIfPresent(json, "tag2", tag2);
        putIfPresent(json, "fileUri", fileUri);
        putIfPresent(json, "fileHash", fileHash);
        putIfPresent(json, "validatorAddress", validatorAddress);
        putIfPresent(json, "requestHash", requestHash);
        if (response != null) {
            json.put("response", response);
        }
        putIfPresent(json, "responseUri", responseUri);
        putIfPresent(json, "responseHash", responseHash);
        putIfPresent(json, "tag", tag);
        return json;
    }

    /** The row's columns (snake_case) for the bulk insert. */
    public ObjectNode toRow() {
        ObjectNode row = JsonNodeFactory.instance.objectNode()
                .put("id", id()).put("chain_id", chainId).put("block_number", blockNumber).put("block_hash", blockHash)
                .put("transaction_hash", transactionHash).put("log_index", logIndex).put("registry", registry)
                .put("event_type", eventType).put("agent_id", agentId).put("block_timestamp", timestamp)
                .put("owner", owner).put("token_uri", tokenUri).put("metadata_key", metadataKey)
                .put("metadata_value", metadataValue).put("client_address", clientAddress)
                .put("feedback_index", feedbackIndex).put("score", score).put("tag1", tag1).put("tag2", tag2)
                .put("file_uri", fileUri).put("file_hash", fileHash).put("validator_address", validatorAddress)
                .put("request_hash", requestHash).put("response", response).put("response_uri", responseUri)
                .put("response_hash", responseHash).put("tag", tag);
        return row;
    }

    public EngineEvent toEngineEvent() {
        return new EngineEvent(id(), eventType, agentId, timestamp * 1000, toJson());
    }

    private static void putIfPresent(ObjectNode json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
