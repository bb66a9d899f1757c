"""A TCP proxy that holds every chunk 25 ms each way: a database server 50 ms away.

    python bench/delay_proxy.py HOST:PORT [--delay-ms 25] [--port 0]

netem is not available on these machines, so the delay is made here: each chunk read from
one side is written to the other `--delay-ms` after it arrived, in order (the stream keeps
its pace: chunks in flight overlap, as on a real long line). Prints the port it listens on
(127.0.0.1), then serves until stopped. `delayed(url)` runs it as a child process for the
bench scripts and gives the URL that goes through it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

DELAY_MS = 25


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def send() -> None:
        while True:
            due, data = await queue.get()
            if not data:
                break
            if (wait := due - loop.time()) > 0:
                await asyncio.sleep(wait)
            writer.write(data)
            await writer.drain()
        with contextlib.suppress(OSError):
            writer.write_eof()

    sender = asyncio.create_task(send())
    try:
        while data := await reader.read(65536):
            queue.put_nowait((loop.time() + delay, data))
    except OSError:
        pass
    queue.put_nowait((0.0, b""))
    with contextlib.suppress(OSError):
        await sender


async def serve(upstream: tuple[str, int], port: int, delay: float) -> None:
    async def handle(client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*upstream)
        except OSError:
            client_w.close()
            return
        await asyncio.gather(_pipe(client_r, server_w, delay), _pipe(server_r, client_w, delay))
        for w in (client_w, server_w):
            w.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port)
    print(server.sockets[0].getsockname()[1], flush=True)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def delayed(url: str, delay_ms: int = DELAY_MS) -> Iterator[str]:
    """`url` (a PostgreSQL URL on a TCP port) through a proxy adding `delay_ms` each way."""
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    upstream = f"{parsed.host}:{parsed.port or 5432}"
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), upstream, "--delay-ms", str(delay_ms)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield parsed.set(host="127.0.0.1", port=port).render_as_string(hide_password=False)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("upstream", help="HOST:PORT of the server")
    parser.add_argument("--delay-ms", type=float, default=DELAY_MS, help="each way")
    parser.add_argument("--port", type=int, default=0, help="to listen on (0: any free)")
    args = parser.parse_args()
    host, _, port = args.upstream.rpartition(":")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve((host, int(port)), args.port, args.delay_ms / 1000))


if __name__ == "__main__":
    main()
