"""A socket server that plays a script, one part per connection it accepts, for tests of how the
client keeps its time against servers that are slow in a given way.

`stall` reads the request and says nothing; `trickle` sends a status line and headers one byte at a
time, each well within any read timeout, and never ends them; `trickle body` sends a whole head,
then its body a byte at a time; `answer` answers `body` at once and closes; `keep` answers every
request of the connection and keeps it open. The last part plays for every later connection; a
trickle ends after 15 s at most.
"""

from __future__ import annotations

import contextlib
import socket
import threading

import orjson

LIST = orjson.dumps({"object": "list", "items": [], "moreItemsAfter": None, "moreItemsBefore": None})


class Scripted:
    def __init__(self, *script: str, body: bytes = LIST, status: str = "200 OK") -> None:
        self.script, self.body, self.status = list(script), body, status
        self.server = socket.create_server(("127.0.0.1", 0))
        self.stop = threading.Event()
        self.requests: list[bytes] = []
        threading.Thread(target=self.serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.getsockname()[1]}"

    def serve(self) -> None:
        self.server.settimeout(0.1)
        while not self.stop.is_set():
            try:
                connection, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            part = self.script.pop(0) if len(self.script) > 1 else self.script[0]
            threading.Thread(target=self.play, args=(connection, part), daemon=True).start()

    def play(self, connection: socket.socket, part: str) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(5)
            self.requests.append(connection.recv(65536))
            if part == "keep":  # answer every request of the connection, keeping it open
                while self.requests[-1]:
                    head = (
                        f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {len(self.body)}\r\n\r\n"
                    )
                    connection.sendall(head.encode() + self.body)
                    self.requests.append(connection.recv(65536))
            elif part == "answer":
                head = (
                    f"HTTP/1.1 {self.status}\r\nContent-Type: application/json\r\nContent-Length: {len(self.body)}\r\n"
                )
                connection.sendall(head.encode() + b"Connection: close\r\n\r\n" + self.body)
            elif part == "trickle":
                self._trickle(connection, b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 150)
            elif part == "trickle body":
                head = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
                connection.sendall(head)
                self._trickle(connection, b" " * 150)
            else:
                self.stop.wait(30)

    def _trickle(self, connection: socket.socket, data: bytes) -> None:
        for byte in data[:150]:  # 15 s at most
            if self.stop.wait(0.1):
                return
            connection.sendall(bytes([byte]))

    def close(self) -> None:
        self.stop.set()
        self.server.close()
