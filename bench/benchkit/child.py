"""Workers measured in a process of their own: the parent drives them, the child serves.

A child writes lines on stdout: `READY {json}` once it serves, `CODE<tab>to<tab>code` for each code it
"sends" (see `codes.PipeSender`) and `RESULT {json}` for figures it measured itself. It stops when its
stdin closes (the parent is done, or died) or on SIGTERM. Its stderr (logs) is kept and shown if it
fails.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import sys
from collections import deque
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from typing import Any

from benchkit.codes import CODE_LINE, CodeBook

STOP_GRACE_SECONDS = 15.0


class ChildFailed(Exception):
    """The child process exited before it was asked to, or said something unexpected."""


class Child:
    """The parent's handle on a running child: what it announced, its codes and its results."""

    def __init__(self, process: asyncio.subprocess.Process, book: CodeBook) -> None:
        self.process = process
        self.book = book
        self.results: list[dict[str, Any]] = []
        self.stderr_tail: deque[str] = deque(maxlen=40)
        self._ready: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._result_arrived = asyncio.Event()

    async def ready(self, timeout: float) -> dict[str, Any]:  # noqa: ASYNC109
        """What the child announced with `READY`, once it serves."""
        return await asyncio.wait_for(asyncio.shield(self._ready), timeout)

    async def result(self, timeout: float = 600.0) -> dict[str, Any]:  # noqa: ASYNC109
        """The first `RESULT` the child wrote (waiting for it)."""
        await asyncio.wait_for(self._result_arrived.wait(), timeout)
        return self.results[0]

    async def read_stdout(self) -> None:
        assert self.process.stdout is not None
        async for raw in self.process.stdout:
            line = raw.decode().rstrip("\n")
            if line.startswith(CODE_LINE + "\t"):
                _, to, code = line.split("\t")
                self.book.record(to, code)
            elif line.startswith("READY "):
                if not self._ready.done():
                    self._ready.set_result(json.loads(line.removeprefix("READY ")))
            elif line.startswith("RESULT "):
                self.results.append(json.loads(line.removeprefix("RESULT ")))
                self._result_arrived.set()
            else:
                self.stderr_tail.append(f"(stdout) {line}")
        if not self._ready.done():
            self._ready.set_exception(ChildFailed(self.failure_text("exited before it was ready")))

    async def read_stderr(self) -> None:
        assert self.process.stderr is not None
        async for raw in self.process.stderr:
            self.stderr_tail.append(raw.decode(errors="replace").rstrip("\n"))

    def failure_text(self, what: str) -> str:
        tail = "\n".join(f"    {line}" for line in self.stderr_tail)
        return f"child process {what} (exit code {self.process.returncode}); its last output:\n{tail}"


@asynccontextmanager
async def child_process(
    arguments: Sequence[str], book: CodeBook | None = None, *, ready_timeout: float = 120.0
) -> AsyncIterator[Child]:
    """Run `python ARGUMENTS` until the block ends; the block starts once the child is READY."""
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        *arguments,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    child = Child(process, book or CodeBook())
    readers = [asyncio.create_task(child.read_stdout()), asyncio.create_task(child.read_stderr())]
    try:
        await child.ready(ready_timeout)
        yield child
    finally:
        await _stop(process)
        await asyncio.gather(*readers, return_exceptions=True)
    if process.returncode not in (0, -signal.SIGTERM):
        raise ChildFailed(child.failure_text("failed"))


async def _stop(process: asyncio.subprocess.Process) -> None:
    """Close its stdin (its cue to stop), then SIGTERM, then SIGKILL if it does not go."""
    if process.returncode is not None:
        return
    if process.stdin is not None:
        process.stdin.close()
    try:
        await asyncio.wait_for(process.wait(), STOP_GRACE_SECONDS)
        return
    except TimeoutError:
        pass
    with contextlib.suppress(ProcessLookupError):
        process.terminate()
    try:
        await asyncio.wait_for(process.wait(), STOP_GRACE_SECONDS)
    except TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()


# -- the child's side ---------------------------------------------------------------------------------


def announce(kind: str, payload: dict[str, Any]) -> None:
    """Write `READY {json}` or `RESULT {json}` for the parent."""
    sys.stdout.write(f"{kind} {json.dumps(payload)}\n")
    sys.stdout.flush()


async def until_told_to_stop() -> None:
    """Return when stdin reaches its end (the parent closed it or died) or SIGTERM arrives."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    reader = asyncio.StreamReader()
    transport, _ = await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)
    eof = asyncio.create_task(reader.read())
    stopped = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait({eof, stopped}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in (eof, stopped):
            task.cancel()
        await asyncio.gather(eof, stopped, return_exceptions=True)
        transport.close()
        loop.remove_signal_handler(signal.SIGTERM)
