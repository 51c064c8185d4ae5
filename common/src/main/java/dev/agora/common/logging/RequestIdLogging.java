package dev.agora.common.logging;

import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/** Puts the gateway's {@code X-Request-Id} into the logging context, so every line of a request carries it. */
public class RequestIdLogging {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "requestId";

    @ServerRequestFilter(preMatching = true)
    public void remember(ContainerRequestContext request) {
        String requestId = request.getHeaderString(HEADER);
        if (requestId != null && !requestId.isBlank() && requestId.length() <= 200) {
            MDC.put(MDC_KEY, requestId);
        } else {
            MDC.remove(MDC_KEY);
        }
    }
}
