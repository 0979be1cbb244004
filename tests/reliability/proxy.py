"""A TCP proxy on loopback that a test can cut and restore: the service talks
to the database through it, so the database can "go away" and come back
without the machine's PostgreSQL ever being touched."""
import socket
import threading
import time

from bench.server import free_port


class Proxy:
    """Forwards 127.0.0.1:<port> to `target`. States:
    - up: every connection is forwarded;
    - cut: open connections are closed and new ones refused (database down);
    - blackhole: open connections are closed, new ones accepted but never
      answered (a host that drops packets: only a client timeout ends the wait);
    - stall: open connections stay open, but no byte passes either way, and
      new ones are accepted but never answered (a hung middlebox)."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.target = (target_host, target_port)
        self.port = free_port()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._listener: socket.socket | None = None
        self._forward = True
        self._stalled = threading.Event()
        self.accepted = 0

    def __enter__(self) -> "Proxy":
        self.restore()
        return self

    def __exit__(self, *_) -> None:
        self.cut()

    def restore(self) -> None:
        self._close_all()  # connections held by a blackhole or a stall
        self._forward = True
        self._stalled.clear()
        if self._listener is None:
            self._listen()

    def cut(self) -> None:
        self._stop_listening()
        self._close_all()

    def blackhole(self) -> None:
        self._close_all()
        self._forward = False
        if self._listener is None:
            self._listen()

    def stall(self) -> None:
        self._stalled.set()
        self._forward = False

    def _listen(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        listener.settimeout(0.1)  # so the accept loop notices when it is stopped
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _stop_listening(self) -> None:
        listener, self._listener = self._listener, None
        if listener is not None:
            listener.close()

    def _accept(self, listener: socket.socket) -> None:
        while self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return  # closed
            client.settimeout(None)
            self.accepted += 1
            self._track(client)
            if not self._forward:
                continue  # held open, never answered
            try:
                upstream = socket.create_connection(self.target, timeout=5)
                upstream.settimeout(None)
            except OSError:
                self._close(client)
                continue
            self._track(upstream)
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, sink), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                while self._stalled.is_set():  # held, neither sent nor dropped
                    time.sleep(0.05)
                sink.sendall(data)
        except OSError:
            pass
        self._close(source)
        self._close(sink)

    def _track(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.add(sock)

    def _close(self, sock: socket.socket) -> None:
        with self._lock:
            self._sockets.discard(sock)
        try:
            sock.shutdown(socket.SHUT_RDWR)  # wakes the pump blocked in recv()
        except OSError:
            pass
        sock.close()

    def _close_all(self) -> None:
        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            self._close(sock)
