package io.breachwatch.detector.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Picks distinct free TCP ports on the loopback interface by letting the operating system assign them.
 *
 * <p>All sockets are held open until every port has been picked, so the ports are distinct from each other. They
 * are released before the broker binds them, so another process can take one in between; {@link LocalKafka} detects
 * that ("Address already in use" in the broker log) and starts again on fresh ports.
 */
final class FreePorts {

    private FreePorts() {
    }

    static int[] pick(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            // The literal, not getLoopbackAddress(): that can be ::1, and the broker binds 127.0.0.1.
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, loopback);
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot pick a free port on the loopback interface", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Nothing useful to do: the port stays unusable and the broker start will retry.
                }
            }
        }
    }
}
