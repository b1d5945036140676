package dev.nyt.digest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny SMTP server on a free loopback port that answers {@code 550} to RCPT for the addresses
 * it is told to reject and accepts everything else (GreenMail has no way to refuse a recipient).
 * Enough of RFC 5321 for Jakarta Mail: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT.
 */
final class SmtpStub implements AutoCloseable {

    /** A message the stub accepted: its recipients and its raw text. */
    record Accepted(List<String> recipients, String data) {
    }

    private final ServerSocket server;
    private final Set<String> rejected;
    private final List<Accepted> accepted = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    SmtpStub(Set<String> rejected) throws IOException {
        this.rejected = Set.copyOf(rejected);
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("smtp-stub").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    List<Accepted> accepted() {
        return List.copyOf(accepted);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread.ofVirtual().name("smtp-stub-session").start(() -> session(socket));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket socket) {
        try (socket;
             BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8)) {
            reply(out, "220 stub ESMTP ready");
            List<String> recipients = new ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO") || command.startsWith("HELO")) {
                    reply(out, "250 stub");
                } else if (command.startsWith("MAIL FROM")) {
                    recipients.clear();
                    reply(out, "250 2.1.0 ok");
                } else if (command.startsWith("RCPT TO")) {
                    String address = line.substring(line.indexOf('<') + 1, line.lastIndexOf('>'));
                    if (rejected.contains(address)) {
                        reply(out, "550 5.1.1 <" + address + ">: no such user");
                    } else {
                        recipients.add(address);
                        reply(out, "250 2.1.5 ok");
                    }
                } else if (command.equals("DATA")) {
                    reply(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder data = new StringBuilder();
                    String dataLine;
                    while ((dataLine = in.readLine()) != null && !dataLine.equals(".")) {
                        data.append(dataLine.startsWith("..") ? dataLine.substring(1) : dataLine).append('\n');
                    }
                    accepted.add(new Accepted(List.copyOf(recipients), data.toString()));
                    recipients.clear();
                    reply(out, "250 2.0.0 queued");
                } else if (command.equals("RSET") || command.equals("NOOP")) {
                    recipients.clear();
                    reply(out, "250 2.0.0 ok");
                } else if (command.equals("QUIT")) {
                    reply(out, "221 2.0.0 bye");
                    return;
                } else {
                    reply(out, "502 5.5.2 not implemented");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(Writer out, String line) throws IOException {
        out.write(line + "\r\n");
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
