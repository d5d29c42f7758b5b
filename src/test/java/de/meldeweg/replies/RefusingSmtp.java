package de.meldeweg.replies;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An SMTP server that speaks the protocol as Postfix does and, while {@link #refuse} is on,
 * answers every recipient with {@code 554 5.7.1 Relay access denied}, as a city's mail server
 * does for a recipient it will not take. Records every recipient it was offered and every mail it
 * accepted. Dynamic port.
 */
final class RefusingSmtp implements AutoCloseable {

    final List<String> offered = new CopyOnWriteArrayList<>();
    final List<String> accepted = new CopyOnWriteArrayList<>();
    volatile boolean refuse = true;
    private final ServerSocket server;

    RefusingSmtp() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::serve, "refusing-smtp");
        accept.setDaemon(true);
        accept.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread session = new Thread(() -> session(socket), "refusing-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void session(Socket socket) {
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
             OutputStream out = socket.getOutputStream()) {
            write(out, "220 mx.stadt-calw.example ESMTP Postfix");
            List<String> recipients = new java.util.ArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String command = line.toUpperCase(Locale.ROOT);
                if (command.startsWith("EHLO")) {
                    write(out, "250-mx.stadt-calw.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n250 SMTPUTF8");
                } else if (command.startsWith("HELO")) {
                    write(out, "250 mx.stadt-calw.example");
                } else if (command.startsWith("MAIL FROM")) {
                    recipients.clear();
                    write(out, "250 2.1.0 Ok");
                } else if (command.startsWith("RCPT TO")) {
                    String recipient = line.substring(line.indexOf(':') + 1).strip();
                    offered.add(recipient);
                    if (refuse) {
                        write(out, "554 5.7.1 " + recipient + ": Relay access denied");
                    } else {
                        recipients.add(recipient);
                        write(out, "250 2.1.5 Ok");
                    }
                } else if (command.startsWith("DATA")) {
                    if (recipients.isEmpty()) {
                        write(out, "554 5.5.1 Error: no valid recipients");
                        continue;
                    }
                    write(out, "354 End data with <CR><LF>.<CR><LF>");
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        // the mail itself is not needed
                    }
                    accepted.addAll(recipients);
                    write(out, "250 2.0.0 Ok: queued as 4XyZ1");
                } else if (command.startsWith("RSET") || command.startsWith("NOOP")) {
                    write(out, "250 2.0.0 Ok");
                } else if (command.startsWith("QUIT")) {
                    write(out, "221 2.0.0 Bye");
                    return;
                } else {
                    write(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
