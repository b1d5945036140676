package dev.nyt.api.projector;

/**
 * Every case of {@link ReadModelWriterIT} with each run of notification states written the way a large chunk is
 * (CSV through COPY into the session's temporary table, then the same upsert from it): the same rows, the same
 * refusals, the same replays.
 */
class ReadModelWriterCopyIT extends ReadModelWriterIT {

    @Override
    ReadModelWriter writer() {
        return new ReadModelWriter(new NotificationUpsert(1));
    }
}
