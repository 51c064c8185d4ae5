package dev.agora.gateway.auth.service;

/** Where a sign-in came from, as shown in the session list (both may be null). */
public record ClientInfo(String ip, String userAgent) {
    private static final int MAX_USER_AGENT = 512;
    private static final int MAX_IP = 64;

    public ClientInfo {
        userAgent = truncate(userAgent, MAX_USER_AGENT);
        ip = truncate(ip, MAX_IP);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
