package dev.nyt.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fan-out benchmark, small: each broadcast notifies every subscriber, and its state goes away after. */
class FanoutTopologyBenchTest {

    @TempDir
    Path dir;

    @Test
    void eachBroadcastNotifiesEverySubscriber() throws Exception {
        System.setProperty(FanoutTopologyBench.DIRECTORY_PROPERTY, dir.toString());
        FanoutTopologyBench bench = new FanoutTopologyBench();
        bench.users = 25;
        bench.setup();
        try {
            assertThat(bench.broadcast()).isEqualTo(25);
            assertThat(bench.broadcast()).isEqualTo(25);
        } finally {
            bench.close();
            System.clearProperty(FanoutTopologyBench.DIRECTORY_PROPERTY);
        }
        assertThat(dir).isEmptyDirectory();
    }
}
