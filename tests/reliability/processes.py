"""Real processes for the reliability tests: a Celery worker, the web app under gunicorn,
`manage.py` commands, all on the test database; and a Redis that can be made to vanish."""

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = "tests.reliability.worker_settings"


def wait_for(check, *, timeout: float, what: str, every: float = 0.2):
    """Poll `check()` until it returns something truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")


def db_url_for_subprocesses() -> str:
    """The test database (pytest-django's test_* one) as a DATABASE_URL for a subprocess."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    host, port = db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    return f"postgres://{db['USER']}{password}@{host}:{port}/{db['NAME']}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Env:
    """The environment of the processes a test starts, and where their e-mails land."""

    def __init__(self, tmp_path: Path, redis_url: str):
        self.tmp = tmp_path
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.redis_url = redis_url
        self.base = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": SETTINGS,
            "DATABASE_URL": db_url_for_subprocesses(),
            "CONN_MAX_AGE": "0",
            "REDIS_URL": redis_url,
            "EMAIL_URL": f"filemail:///{self.mail_dir}",  # four slashes: an absolute path
            "PYTHONPATH": str(ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: list[subprocess.Popen] = []

    def env(self, **extra: str) -> dict:
        return {**self.base, **{k: str(v) for k, v in extra.items()}}

    def start(self, name: str, args: list[str], **extra) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        process = subprocess.Popen(
            args, cwd=ROOT, env=self.env(**extra), stdout=log, stderr=subprocess.STDOUT
        )
        process.log_path = self.tmp / f"{name}.log"
        self.processes.append(process)
        return process

    def log(self, process) -> str:
        return process.log_path.read_text(errors="replace")

    # --- A worker -----------------------------------------------------------------------------
    def start_worker(self, name: str = "worker", **extra) -> subprocess.Popen:
        """`celery -A agency worker --pool=solo -Q celery`, once it says it is ready."""
        args = [sys.executable, "-m", "celery", "-A", "agency", "worker", "--pool=solo"]
        args += ["-Q", "celery", "--loglevel=INFO", "-n", f"{name}-{os.getpid()}@%h"]
        args += ["--without-gossip", "--without-mingle", "--without-heartbeat"]
        worker = self.start(name, args, **extra)
        wait_for(
            lambda: worker.poll() is not None or " ready." in self.log(worker),
            timeout=60,
            what=f"{name} to start",
        )
        assert worker.poll() is None, self.log(worker)
        return worker

    # --- The web app --------------------------------------------------------------------------
    def start_web(self, **extra) -> str:
        """The app under gunicorn; returns its base URL once /healthz answers."""
        port = free_port()
        args = [sys.executable, "-m", "gunicorn", "agency.wsgi:application"]
        args += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4"]
        web = self.start("web", args, **extra)
        url = f"http://127.0.0.1:{port}"
        wait_for(
            lambda: web.poll() is not None or _answers(f"{url}/healthz"), timeout=60, what="web"
        )
        assert web.poll() is None, self.log(web)
        return url

    # --- manage.py ----------------------------------------------------------------------------
    def manage(self, name: str, *args: str, **extra) -> subprocess.Popen:
        return self.start(name, [sys.executable, "manage.py", *args], **extra)

    # --- E-mails ------------------------------------------------------------------------------
    def mails(self) -> list[str]:
        """The messages the file backend wrote, one string each."""
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            text = path.read_text(errors="replace")
            messages += [m for m in text.split("-" * 79) if re.search(r"^Subject: ", m, re.M)]
        return messages

    def stop_all(self) -> None:
        for process in self.processes:
            stop(process)


def _answers(url: str) -> bool:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=1) as response:  # noqa: S310 - loopback
            return response.status == 200
    except OSError:
        return False


def stop(process: subprocess.Popen, timeout: float = 15) -> None:
    """SIGTERM (a worker's warm shutdown), then SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def kill(process: subprocess.Popen) -> None:
    """SIGKILL: no cleanup, no goodbye, as when the machine loses power or the OOM killer
    picks the worker."""
    process.send_signal(signal.SIGKILL)
    process.wait(10)


def publish(task_name: str, *args) -> None:
    """Put a task on the queue through Redis, as beat does (never run it in this process,
    whatever task_always_eager says)."""
    from agency.celery import app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # AlwaysEagerIgnored: exactly what we want here
        app.send_task(task_name, args=args)


def purge_queue(redis_url: str) -> None:
    """Drop what earlier tests left on the queue (tasks published with no worker running)."""
    import redis

    client = redis.Redis.from_url(redis_url)
    client.delete("celery", "unacked", "unacked_index", "unacked_mutex")


class FlakyRedis:
    """An address for REDIS_URL in front of the real Redis that can be closed (nothing
    listens: connection refused), a black hole (accepts connections, never answers) or a
    plain forwarder to Redis (Redis is back)."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.mode = "closed"
        self._server: socket.socket | None = None
        self._held: list[socket.socket] = []
        self._lock = threading.Lock()

    def url(self, db: int) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def set(self, mode: str) -> None:
        assert mode in ("closed", "blackhole", "forward")
        with self._lock:
            self.mode = mode
            self._drop_held()
            if mode == "closed" and self._server is not None:
                self._server.close()
                self._server = None
            if mode != "closed" and self._server is None:
                self._server = socket.create_server(("127.0.0.1", self.port), reuse_port=False)
                threading.Thread(target=self._accept, args=(self._server,), daemon=True).start()

    def close(self) -> None:
        self.set("closed")

    def _drop_held(self) -> None:
        for held in self._held:
            held.close()
        self._held.clear()

    def _accept(self, server: socket.socket) -> None:
        while True:
            try:
                client, _ = server.accept()
            except OSError:
                return  # closed
            with self._lock:
                if self.mode == "forward":
                    self._forward(client)
                else:
                    self._held.append(client)  # never read, never answered

    def _forward(self, client: socket.socket) -> None:
        upstream = socket.create_connection(self.upstream)
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=_pump, args=(source, target), daemon=True).start()


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(65536):
            target.sendall(data)
    except OSError:
        pass
    finally:
        for s in (source, target):
            try:
                s.close()
            except OSError:
                pass
