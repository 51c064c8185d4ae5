package dev.agora.common.deadletter;

import java.util.List;

/** What a replay published again ({@code replayed}), and what "all" left out as replayed before ({@code skipped}). */
public record ReplayResult(String topic, List<DeadLetter> replayed, int skipped) {
}
