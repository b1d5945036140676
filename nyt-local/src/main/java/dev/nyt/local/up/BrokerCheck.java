package dev.nyt.local.up;

import dev.nyt.runtime.HealthCheck;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The embedded broker as a health check: ready while its client port accepts connections. */
final class BrokerCheck implements HealthCheck {

    private final String host;
    private final int port;
    private volatile boolean stopped;

    BrokerCheck(String host, int port) {
        this.host = host;
        this.port = port;
    }

    void stopped() {
        stopped = true;
    }

    @Override
    public String name() {
        return "kafka-broker";
    }

    @Override
    public boolean live() {
        return true;
    }

    @Override
    public boolean ready() {
        if (stopped) {
            return false;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
