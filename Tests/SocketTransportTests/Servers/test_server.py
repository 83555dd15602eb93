#!/usr/bin/env python3
"""HTTP/HTTPS test server for SocketTransportTests (127.0.0.1 only).

Prints its port on the first stdout line, then serves until killed. Behaviour is chosen by path:

  /echo            200, JSON {method, path, headers: [[name, value], ...], body_base64}
  /status/<code>   that status, a short text body
  /redirect        302 with Location: /echo (must not be followed)
  /gzip            a gzip-encoded text body (Content-Encoding: gzip)
  /large?bytes=N   N bytes, byte i being i % 251
  /hang            reads the request, then never answers
  /truncate        announces Content-Length 1000, sends 100 bytes, closes the connection
  /drip            announces Content-Length 1000, then sends one byte every 0.2 s
  /reset           announces Content-Length 1000, sends 100 bytes, then resets the connection (RST)

Options: --tls CERT KEY serves HTTPS; --log FILE appends every request line to FILE.
"""
import argparse
import base64
import gzip
import json
import socket
import struct
import ssl
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

GZIP_TEXT = b"gzip body line\n" * 2000
PATTERN = bytes(i % 251 for i in range(251 * 261))  # a whole number of periods, so chunks line up


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log_file = None
    log_lock = threading.Lock()

    def log_message(self, format, *args):  # noqa: A002 - silence the default stderr log
        pass

    def record(self):
        if Handler.log_file:
            with Handler.log_lock, open(Handler.log_file, "a", encoding="utf-8") as log:
                log.write(self.requestline + "\n")

    def read_body(self):
        length = int(self.headers.get("Content-Length", "0") or "0")
        return self.rfile.read(length) if length > 0 else b""

    def send_bytes(self, status, body, content_type="text/plain", extra=()):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def handle_any(self):
        self.record()
        body = self.read_body()
        url = urlsplit(self.path)
        path = url.path
        if path == "/echo":
            payload = {
                "method": self.command,
                "path": self.path,
                "headers": [[name, value] for name, value in self.headers.items()],
                "body_base64": base64.b64encode(body).decode("ascii"),
            }
            self.send_bytes(200, json.dumps(payload).encode("utf-8"), "application/json",
                            [("X-Echo", "yes")])
        elif path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            self.send_bytes(code, f"status {code}".encode("ascii"))
        elif path == "/redirect":
            self.send_bytes(302, b"moved", extra=[("Location", "/echo")])
        elif path == "/gzip":
            self.send_bytes(200, gzip.compress(GZIP_TEXT), extra=[("Content-Encoding", "gzip")])
        elif path == "/large":
            size = int(parse_qs(url.query).get("bytes", ["0"])[0])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            sent = 0
            while sent < size:
                chunk = PATTERN[: min(len(PATTERN), size - sent)]
                self.wfile.write(chunk)
                sent += len(chunk)
        elif path == "/hang":
            time.sleep(3600)
        elif path == "/truncate":
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 100)
            self.wfile.flush()
            self.close_connection = True
            try:
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        elif path in ("/drip", "/reset"):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.close_connection = True
            if path == "/drip":
                for _ in range(1000):
                    self.wfile.write(b"x")
                    self.wfile.flush()
                    time.sleep(0.2)
            else:
                self.wfile.write(b"x" * 100)
                self.wfile.flush()
                time.sleep(0.1)
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
        else:
            self.send_bytes(404, b"no such behaviour")

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = handle_any


class Server(ThreadingHTTPServer):
    daemon_threads = True
    tls_context = None

    def finish_request(self, request, client_address):
        # The TLS handshake runs here, in the connection's own thread, so a client that stalls or
        # rejects the certificate never blocks the accept loop.
        if self.tls_context is not None:
            try:
                request = self.tls_context.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        try:
            super().finish_request(request, client_address)
        except (ConnectionError, ssl.SSLError, OSError):
            pass

    def handle_error(self, request, client_address):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--log")
    args = parser.parse_args()
    Handler.log_file = args.log
    server = Server(("127.0.0.1", 0), Handler)
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
        server.tls_context = context
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
