package dev.nyt.api.push;

import dev.nyt.runtime.Env;
import java.time.Duration;

/**
 * The realtime push's settings from the environment (a bad value is a {@link dev.nyt.runtime.ConfigException}
 * naming the variable).
 *
 * @param queue      {@code NYT_PUSH_QUEUE}: events a client may have pending before it is dropped (default 256)
 * @param resumeWait {@code NYT_PUSH_RESUME_WAIT_MS}: how long a resuming stream waits for the read model to reach
 *                   the live position before it tells the client to reload (default 5000)
 * @param catchUpMax {@code NYT_PUSH_CATCH_UP_MAX}: the most notifications a resume sends; a client that missed
 *                   more is told to reload (default 1000)
 */
public record PushConfig(int queue, Duration resumeWait, int catchUpMax) {

    public static PushConfig fromEnv(Env env) {
        return new PushConfig(
                env.integer("NYT_PUSH_QUEUE", 256, 1, 100_000),
                Duration.ofMillis(env.integer("NYT_PUSH_RESUME_WAIT_MS", 5_000, 0, 60_000)),
                env.integer("NYT_PUSH_CATCH_UP_MAX", 1_000, 1, 10_000));
    }
}
