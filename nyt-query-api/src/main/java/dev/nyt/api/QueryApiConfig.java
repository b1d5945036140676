package dev.nyt.api;

import dev.nyt.api.auth.AuthConfig;
import dev.nyt.api.db.DbConfig;
import dev.nyt.api.http.CorsPolicy;
import dev.nyt.api.push.PushConfig;
import dev.nyt.runtime.Env;
import dev.nyt.runtime.Intervals;
import dev.nyt.runtime.KafkaConfig;
import java.time.Duration;

/**
 * Everything the query API reads from the environment, checked at start (a bad value is a
 * {@link dev.nyt.runtime.ConfigException} naming the variable).
 *
 * @param httpPort          {@code NYT_HTTP_PORT} (default 8080; 0 picks a free port)
 * @param db                {@code NYT_DB_URL}, {@code NYT_DB_USER}, {@code NYT_DB_PASSWORD}, {@code NYT_DB_TABLE_PREFIX}, {@code NYT_DB_POOL_SIZE}
 * @param kafka             {@code NYT_KAFKA_BOOTSTRAP}, {@code NYT_TOPIC_PREFIX}, {@code NYT_TOPIC_PARTITIONS}, {@code NYT_TOPIC_REPLICATION}
 * @param auth              {@code NYT_JWT_SECRET}, {@code NYT_JWT_JWKS_URL}, {@code NYT_AUTH_MODE}
 * @param intervals         {@code NYT_INTERVALS}, {@code NYT_INTERVALS_DEFAULT}: the intervals settings may choose
 * @param projectorBatch    {@code NYT_PROJECTOR_BATCH}: records per poll and database transaction (default 5000)
 * @param push              {@code NYT_PUSH_QUEUE}, {@code NYT_PUSH_RESUME_WAIT_MS}, {@code NYT_PUSH_CATCH_UP_MAX}: the realtime streams
 * @param publishTimeout    {@code NYT_PUBLISH_TIMEOUT_SECONDS}: how long a write waits for Kafka's acknowledgement (default 10)
 * @param cors              {@code NYT_CORS_ORIGINS}: the other origins a browser may call the API from (none by default)
 */
public record QueryApiConfig(int httpPort, DbConfig db, KafkaConfig kafka, AuthConfig auth, Intervals intervals,
                             int projectorBatch, PushConfig push, Duration publishTimeout, CorsPolicy cors) {

    public static QueryApiConfig fromEnv(Env env) {
        return new QueryApiConfig(
                env.integer("NYT_HTTP_PORT", 8080, 0, 65535),
                DbConfig.fromEnv(env),
                KafkaConfig.fromEnv(env),
                AuthConfig.fromEnv(env),
                Intervals.fromEnv(env),
                env.integer("NYT_PROJECTOR_BATCH", 5_000, 1, 50_000),
                PushConfig.fromEnv(env),
                env.seconds("NYT_PUBLISH_TIMEOUT_SECONDS", Duration.ofSeconds(10), 1, 300),
                CorsPolicy.fromEnv(env));
    }
}
