package dev.nyt.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Ports for servers that the tests stop and start again on the same port. */
public final class TestPorts {

    private TestPorts() {
    }

    /**
     * A free loopback port below the kernel's ephemeral range. A broker or API that is killed and restarted binds its
     * port again; meanwhile nothing listens on it, and a port of the ephemeral range may be handed to any outgoing
     * connection (JDBC, a Kafka client, an HTTP poll) as its local port. While that connection is open, and for 60 s
     * in TIME_WAIT after it closed, binding the port fails with "Address already in use", SO_REUSEADDR or not.
     */
    public static int belowEphemeralRange() {
        try {
            Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range"); // Linux; 32768 is its default. Not readString: procfs reports no size
            int low = Files.exists(range) ? Integer.parseInt(Files.readAllLines(range).getFirst().strip().split("\\s+")[0]) : 32_768;
            for (int attempt = 0; attempt < 100; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(10_000, low);
                try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                    return socket.getLocalPort();
                } catch (IOException taken) {
                    // try another one
                }
            }
            throw new IllegalStateException("No free port from 10000 to " + low);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the ephemeral port range", e);
        }
    }
}
