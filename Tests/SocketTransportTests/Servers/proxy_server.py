#!/usr/bin/env python3
"""Recording forward proxy for SocketTransportTests (127.0.0.1 only).

Prints its port on the first stdout line, then serves until killed. Handles absolute-form HTTP
requests (GET http://127.0.0.1:PORT/path HTTP/1.1) and CONNECT tunnels, and appends every request
line it receives to the --log file. It forwards only to 127.0.0.1 and answers 403 otherwise.
With --require-auth USER:PASSWORD it answers 407 to any request without those Basic credentials.
"""
import base64
import argparse
import select
import socket
import socketserver
import sys
import threading
from urllib.parse import urlsplit

ALLOWED_HOST = "127.0.0.1"


class ProxyHandler(socketserver.StreamRequestHandler):
    log_file = None
    log_lock = threading.Lock()
    required_authorization = None

    def record(self, line):
        with ProxyHandler.log_lock, open(ProxyHandler.log_file, "a", encoding="utf-8") as log:
            log.write(line + "\n")

    def refuse(self, status, reason, extra=""):
        self.wfile.write(f"HTTP/1.1 {status} {reason}\r\n{extra}Content-Length: 0\r\nConnection: close\r\n\r\n".encode())

    def handle(self):
        request_line = self.rfile.readline(65537).decode("latin-1").rstrip("\r\n")
        if not request_line:
            return
        self.record(request_line)
        headers = []
        while True:
            line = self.rfile.readline(65537).decode("latin-1")
            if line in ("\r\n", "\n", ""):
                break
            name, _, value = line.rstrip("\r\n").partition(":")
            headers.append((name.strip(), value.strip()))
        parts = request_line.split()
        if len(parts) != 3:
            self.refuse(400, "Bad Request")
            return
        method, target, _ = parts
        if ProxyHandler.required_authorization is not None:
            given = [v for n, v in headers if n.lower() == "proxy-authorization"]
            if given != [ProxyHandler.required_authorization]:
                self.refuse(407, "Proxy Authentication Required", 'Proxy-Authenticate: Basic realm="test"\r\n')
                return
        if method == "CONNECT":
            self.tunnel(target)
        else:
            self.forward(method, target, headers)

    def tunnel(self, target):
        host, _, port = target.rpartition(":")
        if host != ALLOWED_HOST or not port.isdigit():
            self.refuse(403, "Forbidden")
            return
        try:
            upstream = socket.create_connection((host, int(port)), timeout=5)
        except OSError:
            self.refuse(502, "Bad Gateway")
            return
        self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
        self.wfile.flush()
        relay(self.connection, upstream)

    def forward(self, method, target, headers):
        url = urlsplit(target)
        if url.scheme != "http" or url.hostname != ALLOWED_HOST or url.port is None:
            self.refuse(403, "Forbidden")
            return
        length = 0
        kept = []
        for name, value in headers:
            lowered = name.lower()
            if lowered == "content-length":
                length = int(value or "0")
            if lowered in ("proxy-connection", "connection"):
                continue
            kept.append((name, value))
        body = self.rfile.read(length) if length > 0 else b""
        path = url.path or "/"
        if url.query:
            path += "?" + url.query
        try:
            upstream = socket.create_connection((ALLOWED_HOST, url.port), timeout=5)
        except OSError:
            self.refuse(502, "Bad Gateway")
            return
        lines = [f"{method} {path} HTTP/1.1"] + [f"{n}: {v}" for n, v in kept] + ["Connection: close", "", ""]
        upstream.sendall("\r\n".join(lines).encode("latin-1") + body)
        relay(self.connection, upstream)


def relay(client, upstream):
    """Copies bytes both ways until either side closes."""
    sockets = [client, upstream]
    try:
        while True:
            readable, _, _ = select.select(sockets, [], [], 30)
            if not readable:
                return
            for source in readable:
                data = source.recv(65536)
                if not data:
                    return
                (upstream if source is client else client).sendall(data)
    except OSError:
        return
    finally:
        upstream.close()


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request, client_address):
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--require-auth", metavar="USER:PASSWORD")
    args = parser.parse_args()
    ProxyHandler.log_file = args.log
    if args.require_auth:
        ProxyHandler.required_authorization = "Basic " + base64.b64encode(args.require_auth.encode()).decode()
    server = Server(("127.0.0.1", 0), ProxyHandler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
