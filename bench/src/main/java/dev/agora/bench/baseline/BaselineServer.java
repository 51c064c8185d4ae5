package dev.agora.bench.baseline;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * The practical limit on the JVM for agent-service's hot paths: raw Vert.x and the reactive PostgreSQL client,
 * no framework, no validation, no authentication. It serves the same {@code agents} rows as agent-service (every
 * column, camelCased, as JSON) and inserts the same two rows per write (the agent and an outbox row) in one
 * transaction.
 *
 * <pre>java -cp ... dev.agora.bench.baseline.BaselineServer &lt;httpPort&gt; &lt;pgPort&gt; &lt;database&gt;</pre>
 */
public final class BaselineServer {
    private static final String SELECT = "SELECT * FROM agents WHERE id = $1 AND status <> 'deleted'";
    private static final String INSERT_AGENT = """
            INSERT INTO agents (id, user_id, name, description, subdomain, repo_owner, repo_name, github_url,
                                category, tags, slug, pricing_amount, pricing_asset, status, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $5, $11, 'microALGO', 'pending', now(), now())""";
    private static final String INSERT_OUTBOX = """
            INSERT INTO outbox_events (id, topic, event_type, aggregate_id, payload)
            VALUES ($1, 'agents.v1', 'agora.agent.registered.v1', $2, $3::jsonb)""";

    private final Pool pool;

    private BaselineServer(Pool pool) {
        this.pool = pool;
    }

    public static void main(String[] args) {
        int httpPort = Integer.parseInt(args[0]);
        int pgPort = Integer.parseInt(args[1]);
        String database = args[2];
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
        PgConnectOptions connect = new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort).setDatabase(database)
                .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true).setPipeliningLimit(256);
        Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(8)).connectingTo(connect).using(vertx).build();
        BaselineServer server = new BaselineServer(pool);
        vertx.createHttpServer().requestHandler(server::handle).listen(httpPort)
                .onSuccess(s -> System.out.println("baseline listening on " + s.actualPort()))
                .onFailure(e -> {
                    e.printStackTrace();
                    System.exit(1);
                });
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        if (path.equals("/health")) {
            request.response().end("ok");
        } else if (request.method().name().equals("GET") && path.startsWith("/api/agents/")) {
            read(request, path.substring("/api/agents/".length()));
        } else if (request.method().name().equals("POST") && path.equals("/api/agents")) {
            request.body().onSuccess(body -> create(request, body));
        } else {
            request.response().setStatusCode(404).end();
        }
    }

    private void read(HttpServerRequest request, String id) {
        UUID agentId;
        try {
            agentId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            request.response().setStatusCode(404).end();
            return;
        }
        pool.preparedQuery(SELECT).execute(Tuple.of(agentId)).onComplete(result -> {
            if (result.failed()) {
                request.response().setStatusCode(500).end();
            } else if (result.result().size() == 0) {
                request.response().setStatusCode(404).end();
            } else {
                request.response().putHeader("content-type", "application/json")
                        .end(toJson(result.result().iterator().next()).toBuffer());
            }
        });
    }

    private void create(HttpServerRequest request, Buffer body) {
        JsonObject in = body.toJsonObject();
        UUID id = UUID.randomUUID();
        UUID owner = UUID.fromString(in.getString("ownerId", UUID.randomUUID().toString()));
        JsonArray tags = in.getJsonArray("tags", new JsonArray());
        Tuple agent = Tuple.of(id, owner, in.getString("name"), in.getString("description"), in.getString("subdomain"),
                in.getString("repoOwner"), in.getString("repoName"), in.getString("githubUrl"),
                in.getString("category", "General"), tags.getList().stream().map(String::valueOf).toArray(String[]::new),
                in.getLong("priceMicroalgo", 1_000_000L));
        JsonObject event = new JsonObject().put("agentId", id.toString()).put("ownerId", owner.toString())
                .put("agent", in.copy().put("id", id.toString()).put("status", "pending")
                        .put("createdAt", OffsetDateTime.now().toString()));
        pool.withTransaction(connection -> connection.preparedQuery(INSERT_AGENT).execute(agent)
                .compose(inserted -> connection.preparedQuery(INSERT_OUTBOX)
                        .execute(Tuple.of(UUID.randomUUID(), id.toString(), event.encode())))
                .map(inserted -> id))
                .onComplete(result -> {
                    if (result.failed()) {
                        request.response().setStatusCode(409).end(String.valueOf(result.cause().getMessage()));
                    } else {
                        request.response().setStatusCode(201).putHeader("content-type", "application/json")
                                .putHeader("location", "/api/agents/" + id)
                                .end(new JsonObject().put("id", id.toString()).toBuffer());
                    }
                });
    }

    /** Every column, camelCased; jsonb as JSON, arrays as arrays, times as ISO-8601 text. */
    static JsonObject toJson(Row row) {
        JsonObject json = new JsonObject();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.getValue(i);
            json.put(camelCase(row.getColumnName(i)), jsonValue(value));
        }
        return json;
    }

    private static Object jsonValue(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean
                || value instanceof JsonObject || value instanceof JsonArray) {
            return value;
        }
        if (value instanceof Object[] array) {
            JsonArray items = new JsonArray();
            for (Object item : array) {
                items.add(jsonValue(item));
            }
            return items;
        }
        return value.toString();
    }

    static String camelCase(String column) {
        StringBuilder name = new StringBuilder(column.length());
        boolean upper = false;
        for (char c : column.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                name.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return name.toString();
    }
}
