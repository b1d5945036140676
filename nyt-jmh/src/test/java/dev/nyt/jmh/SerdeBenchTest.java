package dev.nyt.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nyt.fanout.inbox.IndexEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every serde benchmark runs once and round-trips its record: a broken benchmark fails the build, not a run. */
class SerdeBenchTest {

    private final SerdeBench bench = new SerdeBench();

    @ParameterizedTest
    @ValueSource(strings = {"nyt", "plain"})
    void bothMappersRoundTripEachRecord(String mapper) {
        SerdeBench.Codecs codecs = new SerdeBench.Codecs();
        codecs.mapper = mapper;
        codecs.setup();

        assertThat(bench.serializeNotificationCreated(codecs)).isEqualTo(codecs.createdBytes);
        assertThat(bench.deserializeNotificationCreated(codecs)).isEqualTo(codecs.created);
        assertThat(bench.serializeInboxEntry(codecs)).isEqualTo(codecs.deliveryBytes);
        assertThat(bench.deserializeInboxEntry(codecs)).isEqualTo(codecs.delivery);
        assertThat(bench.serializeInboxEntryBinary(codecs)).isEqualTo(codecs.binaryBytes);
        assertThat(bench.deserializeInboxEntryBinary(codecs)).isEqualTo(codecs.delivery);
        assertThat(bench.serializeSubscription(codecs)).isEqualTo(codecs.subscriptionBytes);
        assertThat(bench.deserializeSubscription(codecs)).isEqualTo(codecs.subscription);
    }

    @Test
    void bothMappersWriteTheSameText() {
        SerdeBench.Codecs nyt = new SerdeBench.Codecs();
        nyt.mapper = "nyt";
        nyt.setup();
        SerdeBench.Codecs plain = new SerdeBench.Codecs();
        plain.mapper = "plain";
        plain.setup();

        assertThat(nyt.createdBytes).isEqualTo(plain.createdBytes);
        assertThat(nyt.deliveryBytes).isEqualTo(plain.deliveryBytes);
        assertThat(nyt.subscriptionBytes).isEqualTo(plain.subscriptionBytes);
    }

    @Test
    void indexEntriesRoundTrip() {
        SerdeBench.Index index = new SerdeBench.Index();
        index.setup();

        assertThat(bench.serializeIndexEntryNarrowed(index)).isEqualTo(index.narrowedBytes);
        assertThat(bench.deserializeIndexEntryNarrowed(index)).isEqualTo(index.narrowed);
        assertThat(bench.deserializeIndexEntryAny(index)).isEqualTo(IndexEntry.ANY);
    }

    @Test
    void internalRecordsRoundTrip() {
        SerdeBench.Internal internal = new SerdeBench.Internal();
        internal.setup();

        assertThat(bench.serializeRouted(internal)).isEqualTo(internal.routedBytes);
        assertThat(bench.deserializeRouted(internal)).isEqualTo(internal.routed);
        assertThat(bench.deserializeKeyPresence(internal)).isEqualTo(internal.presence);
    }
}
