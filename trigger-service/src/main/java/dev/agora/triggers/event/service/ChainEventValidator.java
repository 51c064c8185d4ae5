package dev.agora.triggers.event.service;

import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import dev.agora.common.problem.FieldError;
import dev.agora.triggers.event.repository.ChainEvent;

/** Reads one posted chain event, adding a {@link FieldError} ({@code events[3].blockHash}) for every bad field. */
public final class ChainEventValidator {
    static final Set<String> REGISTRIES = Set.of("identity", "reputation", "validation");
    private static final Pattern HASH = Pattern.compile("^0x[0-9a-fA-F]{64}$");
    private static final Pattern SHORT_HEX = Pattern.compile("^0x[0-9a-fA-F]{1,64}$");
    private static final Pattern ADDRESS = Pattern.compile("^0x[0-9a-fA-F]{40}$");
    private static final Pattern EVENT_TYPE = Pattern.compile("^[A-Za-z][A-Za-z0-9_]{0,99}$");
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]{1,78}$");
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final long MAX_SAFE = 9_007_199_254_740_991L;

    private final JsonNode json;
    private final String prefix;
    private final List<FieldError> errors;

    private ChainEventValidator(JsonNode json, String prefix, List<FieldError> errors) {
        this.json = json;
        this.prefix = prefix;
        this.errors = errors;
    }

    /** The event, or null when it has errors (then added to {@code errors}). */
    static ChainEvent read(JsonNode json, int index, List<FieldError> errors) {
        return read(json, "events[" + index + "]", errors);
    }

    /** Like {@link #read(JsonNode, int, List)}, naming fields under {@code prefix}. */
    public static ChainEvent read(JsonNode json, String prefix, List<FieldError> errors) {
        if (json == null || !json.isObject()) {
            errors.add(new FieldError(prefix, "must be an event object"));
            return null;
        }
        return new ChainEventValidator(json, prefix, errors).read();
    }

    private ChainEvent read() {
        int before = errors.size();
        long chainId = whole("chainId", true, 1, MAX_SAFE, -1);
        long blockNumber = whole("blockNumber", true, 0, MAX_SAFE, -1);
        String blockHash = text("blockHash", true, HASH, "a 0x-prefixed 32-byte hex hash");
        String transactionHash = text("transactionHash", true, HASH, "a 0x-prefixed 32-byte hex hash");
        long logIndex = whole("logIndex", true, 0, Integer.MAX_VALUE, -1);
        String registry = text("registry", true, null, null);
        if (registry != null && !REGISTRIES.contains(registry)) {
            error("registry", "must be one of identity, reputation, validation");
        }
        String eventType = text("eventType", true, EVENT_TYPE, "an event name (letters, digits, _; at most 100)");
        String agentId = agentId();
        long timestamp = whole("timestamp", true, 0, 100_000_000_000L, -1);
        String owner = text("owner", false, ADDRESS, "a 0x-prefixed 20-byte address");
        String tokenUri = bounded("tokenUri", 2048);
        String metadataKey = bounded("metadataKey", 200);
        String metadataValue = bounded("metadataValue", 4096);
        String clientAddress = text("clientAddress", false, ADDRESS, "a 0x-prefixed 20-byte address");
        long feedbackIndex = whole("feedbackIndex", false, 0, MAX_SAFE, Long.MIN_VALUE);
        long score = whole("score", false, 0, 100, Long.MIN_VALUE);
        String tag1 = bounded("tag1", 200);
        String tag2 = bounded("tag2", 200);
        String fileUri = bounded("fileUri", 2048);
        String fileHash = text("fileHash", false, SHORT_HEX, "0x-prefixed hex of at most 32 bytes");
        String validatorAddress = text("validatorAddress", false, ADDRESS, "a 0x-prefixed 20-byte address");
        String requestHash = text("requestHash", false, SHORT_HEX, "0x-prefixed hex of at most 32 bytes");
        long response = whole("response", false, 0, 100, Long.MIN_VALUE);
        String responseUri = bounded("responseUri", 2048);
        String responseHash = text("responseHash", false, SHORT_HEX, "0x-prefixed hex of at most 32 bytes");
        String tag = bounded("tag", 200);
        if (errors.size() > before) {
            return null;
        }
        return new ChainEvent(chainId, blockNumber, blockHash, transactionHash, (int) logIndex, registry, eventType,
                agentId, timestamp, owner, tokenUri, metadataKey, metadataValue, clientAddress,
                feedbackIndex == Long.MIN_VALUE ? null : feedbackIndex, score == Long.MIN_VALUE ? null : (int) score,
                tag1, tag2, fileUri, fileHash, validatorAddress, requestHash,
                response == Long.MIN_VALUE ? null : (int) response, responseUri, responseHash, tag);
    }

    /** ERC-8004 agent ids are uint256: a whole number or its decimal text. */
    private String agentId() {
        JsonNode node = json.get("agentId");
        if (node == null || node.isNull()) {
            return null;
        }
        String text = node.isIntegralNumber() ? node.bigIntegerValue().toString() : node.isTextual() ? node.asText() : null;
        if (text == null || !DECIMAL.matcher(text).matches() || new BigInteger(text).compareTo(UINT256_MAX) > 0) {
            error("agentId", "must be a uint256 agent id, as a number or decimal text");
            return null;
        }
        return new BigInteger(text).toString();
    }

    private long whole(String name, boolean required, long min, long max, long absent) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(name, "is required");
            }
            return absent;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            error(name, "must be a whole number from " + min + " to " + max);
            return absent;
        }
        return node.longValue();
    }

    private String text(String name, boolean required, Pattern pattern, String rule) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                error(name, "is required");
            }
            return null;
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            error(name, "must be a non-blank text");
            return null;
        }
        if (pattern != null && !pattern.matcher(node.asText()).matches()) {
            error(name, "must be " + rule);
            return null;
        }
        return node.asText();
    }

    private String bounded(String name, int maxLength) {
        JsonNode node = json.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > maxLength) {
            error(name, "must be a text of at most " + maxLength + " characters");
            return null;
        }
        return node.asText();
    }

    private void error(String name, String message) {
        errors.add(new FieldError(prefix + "." + name, message));
    }
}
