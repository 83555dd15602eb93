#!/usr/bin/env python3
"""A hostile HTTP/HTTPS server for the transport's limits (127.0.0.1 only).

Prints its port on the first stdout line, then serves until killed. It reads one request head and
answers by the start of the path (so a Server URL of http://127.0.0.1:PORT/flood/blank sends every
command's request to that behaviour) with bytes no well-behaved server sends, for as long as the
client keeps reading:

  /flood/continue     "HTTP/1.1 100 Continue" interim responses, without end
  /flood/blank        blank lines where the status line should be, without end
  /flood/trailer      a chunked body of one byte, then trailer fields without end
  /flood/extension    one-byte chunks, each with a 4 000-byte chunk extension, without end
  /flood/chunks       one-byte chunks without extensions, without end (only the deadline stops it)
  /bomb[/N]           200, Content-Encoding: gzip, N GiB (default 10) of zeros in about N MiB
  /ok                 200 with a small JSON body, for checking the server itself

Options: --tls CERT KEY serves HTTPS.
"""
import argparse
import socket
import ssl
import struct
import sys
import threading
import zlib
from urllib.parse import urlsplit

BLOCK = 64 << 10


def repeated(piece):
    """`piece` repeated to about one 64 KiB block, so each send moves a lot at once."""
    return piece * max(1, BLOCK // len(piece))


FLOODS = {
    "/flood/continue": (b"", repeated(b"HTTP/1.1 100 Continue\r\n\r\n")),
    "/flood/blank": (b"", repeated(b"\r\n")),
    "/flood/trailer": (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nx\r\n0\r\n",
                       repeated(b"X-Trailer: again\r\n")),
    "/flood/extension": (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
                         repeated(b"1;" + b"e" * 4000 + b"\r\nx\r\n")),
    "/flood/chunks": (b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", repeated(b"1\r\nx\r\n")),
}

_bombs = {}
_bombs_lock = threading.Lock()


def gzip_bomb(gigabytes):
    """A gzip stream of `gigabytes` GiB of zeros, built from one flushed segment repeated.

    Compressing 10 GiB would take a minute; a segment ended by a full flush is byte-aligned and
    refers to nothing before it, so copies of it are a valid deflate stream at once. The trailer's
    CRC is not computed (a client refusing the bomb never reaches it); ISIZE is right mod 2^32.
    """
    with _bombs_lock:
        if gigabytes not in _bombs:
            segment_size = 1 << 20
            compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
            segment = compressor.compress(bytes(segment_size)) + compressor.flush(zlib.Z_FULL_FLUSH)
            count = gigabytes << 10
            header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
            final = b"\x03\x00"  # a final, empty fixed-Huffman block
            trailer = struct.pack("<II", 0, (count * segment_size) & 0xFFFFFFFF)
            _bombs[gigabytes] = header + segment * count + final + trailer
        return _bombs[gigabytes]


def read_head(connection):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > 65536:
            return None
    return data.split(b"\r\n", 1)[0].decode("latin-1")


def answer(connection):
    request_line = read_head(connection)
    if request_line is None:
        return
    parts = request_line.split(" ")
    url = urlsplit(parts[1] if len(parts) > 1 else "/")
    route = "/".join(url.path.split("/")[:3]) if url.path.startswith("/flood/") else "/" + url.path.split("/")[1]
    if route in FLOODS:
        head, block = FLOODS[route]
        connection.sendall(head)
        while True:  # until the client gives up and closes (sendall then raises)
            connection.sendall(block)
    elif route == "/bomb":
        segments = url.path.split("/")
        gigabytes = int(segments[2]) if len(segments) > 2 and segments[2].isdigit() else 10
        body = gzip_bomb(gigabytes)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\n"
                           b"Content-Length: %d\r\n\r\n" % len(body))
        connection.sendall(body)
    else:
        body = b'{"time": "2020-01-01 00:00", "timems": 1577836800000}'
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n"
                           % len(body) + body)


def serve(connection, context):
    try:
        if context is not None:
            connection = context.wrap_socket(connection, server_side=True)
        answer(connection)
    except (OSError, ssl.SSLError):
        pass
    finally:
        try:
            connection.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    args = parser.parse_args()
    context = None
    if args.tls:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(args.tls[0], args.tls[1])
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    print(listener.getsockname()[1], flush=True)
    while True:
        connection, _ = listener.accept()
        threading.Thread(target=serve, args=(connection, context), daemon=True).start()


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        sys.exit(0)
