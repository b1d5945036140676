package dev.nyt.api.push;

import dev.nyt.api.db.CatchUp;
import dev.nyt.api.db.InboxCounts;
import java.util.Optional;

/** The read model as a stream's start reads it ({@link dev.nyt.api.db.ReadModel} in the service). */
interface CatchUpSource {

    /** The user's newest notification id; empty when it has none. */
    Optional<Long> newestId(String userId);

    /** In one snapshot: the read model's position, the user's newest id, its notifications above {@code afterId}. */
    CatchUp catchUp(String userId, long afterId, int limit);

    /** The user's badge counts now. */
    InboxCounts counts(String userId);
}
