package dev.agora.triggers;

import java.util.Map;

import dev.agora.localinfra.FreePorts;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the Telegram Bot API base URL at a free local port; the Telegram tests start their fake Bot API there. */
public class FakeTelegramResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("agora.triggers.delivery.telegram.api-base-url", "http://127.0.0.1:" + FreePorts.next());
    }

    @Override
    public void stop() {
    }
}
