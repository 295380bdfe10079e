"""Child processes of the bench (gunicorn, Celery workers): start, wait until ready, measure memory, stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

from bench import config


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def children(pid: int) -> list[int]:
    """Direct children of a process, from /proc."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry))
    return found


def peak_rss_mb(pid: int) -> float | None:
    """The high-water mark of resident memory (VmHWM) of a live process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


class Child:
    def __init__(self, name: str, args: list[str], env: dict[str, str], log: Path):
        self.name = name
        self.log_path = log
        self.log = open(log, "ab")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(  # noqa: S603 - our own command line
            args, cwd=config.BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    @property
    def pid(self) -> int:
        return self.proc.pid

    def alive(self) -> bool:
        return self.proc.poll() is None

    def stop(self, timeout: float = 20) -> None:
        if self.alive():
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(5)
        self.log.close()


def gunicorn(env: dict[str, str], port: int, workers: int, log: Path) -> Child:
    args = [
        str(Path(config.PYTHON).parent / "gunicorn"),
        "tweetcamp.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--backlog",
        "2048",
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    return Child("gunicorn", args, env, log)


def wait_http(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - loopback
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def celery_worker(env: dict[str, str], *, queues: str, pool: str, concurrency: int, name: str, log: Path) -> Child:
    args = [
        str(Path(config.PYTHON).parent / "celery"),
        "-A",
        "tweetcamp",
        "worker",
        "--loglevel=INFO",
        f"--queues={queues}",
        f"--pool={pool}",
        f"--concurrency={concurrency}",
        f"--hostname={name}@%h",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
    ]
    return Child("celery", args, env, log)


def wait_log(child: Child, needle: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if needle in child.log_path.read_text(errors="replace"):
            return
        if not child.alive():
            raise RuntimeError(f"{child.name} exited; see {child.log_path}")
        time.sleep(0.2)
    raise RuntimeError(f"{child.name} not ready within {timeout} s; see {child.log_path}")


def tree_peak_rss_mb(pid: int) -> dict[str, float | None]:
    """Peak RSS of a process and of each of its children."""
    result = {"parent": peak_rss_mb(pid)}
    for n, child in enumerate(sorted(children(pid))):
        result[f"child_{n + 1}"] = peak_rss_mb(child)
    return result
