"""A TCP forwarder on loopback that a test can take down and bring back: a database outage
without stopping the database.

While down it cuts every forwarded connection and answers new ones with a reset, so clients see
what they see when a database server dies or restarts: "server closed the connection" and
"connection reset". The listening port stays the same throughout, so nothing else can take it.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import threading


def _reset(sock: socket.socket) -> None:
    """Close with a reset rather than a polite goodbye, waking any thread blocked on it."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)
    with contextlib.suppress(OSError):
        sock.close()


class TcpProxy:
    """Forwards 127.0.0.1:`port` to `target`. Counts what it did, so a test can show that its
    client really went through here: `forwarded`, `refused` (while down) and `cut`."""

    def __init__(self, target_host: str, target_port: int):
        self.target = (target_host, target_port)
        self.forwarded = self.refused = self.cut = 0
        self._up = True
        self._closed = False
        self._lock = threading.Lock()
        self._pairs: set[tuple[socket.socket, socket.socket]] = set()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(64)
        # accept() wakes up now and then to notice close(): closing a socket from another
        # thread does not reliably interrupt a blocked accept().
        self._listener.settimeout(0.2)
        self.port: int = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True)
        self._thread.start()

    @property
    def is_up(self) -> bool:
        return self._up

    def down(self) -> None:
        """Cut every open connection; refuse new ones until `up()`."""
        with self._lock:
            self._up = False
            pairs, self._pairs = self._pairs, set()
            self.cut += len(pairs)
        for client, upstream in pairs:
            _reset(client)
            _reset(upstream)

    def up(self) -> None:
        with self._lock:
            self._up = True

    def close(self) -> None:
        self._closed = True
        self.down()
        self._thread.join(timeout=5)
        self._listener.close()

    def __enter__(self) -> TcpProxy:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    def _accept_loop(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self._connect(client)

    def _connect(self, client: socket.socket) -> None:
        upstream = None
        if self._up:
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                upstream = None
        with self._lock:
            # Checked again under the lock: a `down()` since the check above must cut this too.
            if upstream is None or not self._up:
                self.refused += 1
                accepted = False
            else:
                self.forwarded += 1
                self._pairs.add((client, upstream))
                accepted = True
        if not accepted:
            _reset(client)
            if upstream is not None:
                _reset(upstream)
            return
        for source, sink in ((client, upstream), (upstream, client)):
            threading.Thread(
                target=self._pump, args=(source, sink, (client, upstream)), daemon=True
            ).start()

    def _pump(self, source: socket.socket, sink: socket.socket, pair) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            # One side hung up (or was cut): end the other side too, as a direct connection would.
            with self._lock:
                self._pairs.discard(pair)
            for sock in pair:
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)
                with contextlib.suppress(OSError):
                    sock.close()
