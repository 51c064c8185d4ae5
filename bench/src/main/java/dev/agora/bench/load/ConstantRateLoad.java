package dev.agora.bench.load;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.HdrHistogram.Histogram;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * Sends requests at a constant rate and records each latency from the moment the request was <em>due</em>, not
 * from when it could be sent, so a stalled server is charged for the requests it held up (no coordinated
 * omission). One event loop, a bounded connection pool; requests wait in the client's queue when all connections
 * are busy, and that wait counts.
 */
public final class ConstantRateLoad {

    /** One request to send: method, path and body chosen per request number. */
    public record Call(HttpMethod method, String path, Map<String, String> headers, Buffer body) {
    }

    /** What a run measured; latencies in microseconds. */
    public record Result(double targetRate, double achievedRate, long requests, long errors, long p50Micros,
            long p90Micros, long p99Micros, long p999Micros, long maxMicros) {

        public String summary() {
            return String.format("rate %.0f/s (target %.0f), %d requests, %d errors, p50 %.2f ms, p90 %.2f ms, "
                    + "p99 %.2f ms, p99.9 %.2f ms, max %.2f ms", achievedRate, targetRate, requests, errors,
                    p50Micros / 1000.0, p90Micros / 1000.0, p99Micros / 1000.0, p999Micros / 1000.0, maxMicros / 1000.0);
        }
    }

    private ConstantRateLoad() {
    }

    public static Result run(URI base, double ratePerSecond, long durationSeconds, int connections,
            IntFunction<Call> calls, List<Integer> okStatuses) {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        try {
            HttpClient client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(base.getHost())
                    .setDefaultPort(base.getPort()).setKeepAlive(true).setPipelining(false),
                    new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            CompletableFuture<Result> done = new CompletableFuture<>();
            long total = Math.round(ratePerSecond * durationSeconds);
            double intervalNanos = 1_000_000_000.0 / ratePerSecond;
            long start = System.nanoTime();
            long[] sent = {0};
            long[] finished = {0};
            long[] errors = {0};
            vertx.runOnContext(ignored -> vertx.setPeriodic(1, timer -> {
                long now = System.nanoTime();
                while (sent[0] < total && start + (long) (sent[0] * intervalNanos) <= now) {
                    long due = start + (long) (sent[0] * intervalNanos);
                    Call call = calls.apply((int) sent[0]);
                    sent[0]++;
                    RequestOptions options = new RequestOptions().setMethod(call.method()).setURI(call.path());
                    call.headers().forEach(options::putHeader);
                    client.request(options)
                            .compose(request -> call.body() == null ? request.send() : request.send(call.body()))
                            .compose(response -> response.body().map(body -> response.statusCode()))
                            .onComplete(outcome -> {
                                long latency = (System.nanoTime() - due) / 1000;
                                histogram.recordValue(Math.min(latency, histogram.getHighestTrackableValue()));
                                if (outcome.failed() || !okStatuses.contains(outcome.result())) {
                                    errors[0]++;
                                }
                                if (++finished[0] == total) {
                                    double seconds = (System.nanoTime() - start) / 1e9;
                                    done.complete(new Result(ratePerSecond, total / seconds, total, errors[0],
                                            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                                            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
                                            histogram.getMaxValue()));
                                }
                            });
                }
                if (sent[0] >= total) {
                    vertx.cancelTimer(timer);
                }
            }));
            try {
                return done.get(durationSeconds + 120, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException behind) {
                // the service fell so far behind that requests are still waiting: they count as failed, at the
                // longest latency measured, so a target is failed by the numbers instead of the run breaking off
                CompletableFuture<Result> partial = new CompletableFuture<>();
                vertx.runOnContext(ignored -> {
                    long unfinished = total - finished[0];
                    histogram.recordValueWithCount(histogram.getHighestTrackableValue(), unfinished);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    partial.complete(new Result(ratePerSecond, finished[0] / seconds, total, errors[0] + unfinished,
                            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
                            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
                            histogram.getMaxValue()));
                });
                return partial.get(10, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("load run against " + base + " failed", e);
        } finally {
            vertx.close();
        }
    }
}
