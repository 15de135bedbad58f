"""Online engines' safety net: retries with backoff, a throttle, timeouts, text in chunks."""

from __future__ import annotations

import errno
import functools
import logging
import random
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from pipeline.errors import EngineError, EngineUnavailable, PipelineError

log = logging.getLogger(__name__)

T = TypeVar("T")


class HttpStatusError(Exception):
    """A service answered with an error status; engine adapters raise it for call_with_retry.

    Client libraries hide the status in exceptions of their own; an adapter that knows it
    re-raises it as this, so one place decides what is worth another try.
    """

    def __init__(self, status: int, detail: str = "", retry_after: float | None = None) -> None:
        super().__init__(f"HTTP {status}" + (f" ({detail})" if detail else ""))
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


@dataclass(frozen=True)
class _Failure:
    kind: str  # "status", "timeout", "lost" (reset mid-exchange) or "unreachable"
    description: str
    status: int | None = None
    retry_after: float | None = None

    @property
    def worth_retrying(self) -> bool:
        if self.kind == "status":
            assert self.status is not None
            return self.status == 429 or self.status >= 500
        return self.kind in ("timeout", "lost")


def call_with_retry(
    fn: Callable[[], T],
    *,
    engine: str,
    attempts: int = 5,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
    rng: Callable[[], float] = random.random,
    service: str = "the service",
    offline_hint: str = "",
) -> T:
    """Return ``fn()``, calling it again after HTTP 429, 5xx, timeouts and dropped connections.

    Waits between tries grow exponentially from ``base_delay`` up to ``max_delay``, with full
    jitter (a random part of that ceiling, so many clients that failed together do not retry
    together); a ``Retry-After`` the server sent is honoured up to ``max_delay``.

    Raises EngineUnavailable at once when the service cannot be reached at all (connection
    refused, name not resolved, no route): retrying would only delay the advice to work
    offline. Raises EngineError at once for other 4xx answers, and after ``attempts`` tries
    for the retryable ones. Exceptions that are not network failures pass through untouched.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    last_failure: _Failure | None = None
    last_error: Exception | None = None
    for attempt in range(attempts):
        try:
            return fn()
        except PipelineError:
            raise
        except Exception as error:
            failure = _classify(error)
            if failure is None:
                raise
            if failure.kind == "unreachable":
                raise EngineUnavailable(
                    unreachable_message(engine, service, offline_hint)
                ) from error
            if not failure.worth_retrying:
                raise EngineError(
                    f"{engine}: {service} refused the request ({failure.description})"
                ) from error
            last_failure, last_error = failure, error
            if attempt + 1 == attempts:
                break
            delay = backoff_delay(attempt, base_delay, max_delay, rng, failure.retry_after)
            log.info(
                "%s: %s; try %d of %d in %.1f s",
                engine,
                failure.description,
                attempt + 2,
                attempts,
                delay,
            )
        sleep(delay)
    assert last_failure is not None
    raise EngineError(
        f"{engine}: {service} kept failing; gave up after {attempts} tries "
        f"(last: {last_failure.description}); try again later"
    ) from last_error


def backoff_delay(
    attempt: int,
    base_delay: float,
    max_delay: float,
    rng: Callable[[], float] = random.random,
    retry_after: float | None = None,
) -> float:
    """Return the wait before try ``attempt + 2``: full jitter under a capped exponential."""
    ceiling = min(max_delay, base_delay * 2**attempt)
    delay = rng() * ceiling
    if retry_after is not None:
        delay = max(delay, min(retry_after, max_delay))
    return delay


def unreachable_message(engine: str, service: str = "the service", offline_hint: str = "") -> str:
    """Return the one-line message for a service that cannot be reached at all."""
    message = f"{engine}: cannot reach {service} (network unreachable)"
    return f"{message}; {offline_hint}" if offline_hint else message


def _classify(error: BaseException) -> _Failure | None:
    # requests is imported where a failure is sorted, not with this module: every engine
    # registry imports the online engines, and a build that never goes online should not
    # pay for loading the HTTP stack.
    import requests
    import urllib3.exceptions

    causes = list(_causes(error))
    for cause in causes:
        if isinstance(cause, HttpStatusError):
            return _Failure("status", f"HTTP {cause.status}", cause.status, cause.retry_after)
        if isinstance(cause, requests.HTTPError) and cause.response is not None:
            status = cause.response.status_code
            retry_after = _retry_after(cause.response.headers.get("Retry-After"))
            return _Failure("status", f"HTTP {status}", status, retry_after)
    # urllib3's NewConnectionError is also a (connect) timeout by inheritance: test it first.
    if any(_is_unreachable(cause) for cause in causes):
        return _Failure("unreachable", "network unreachable")
    if any(
        isinstance(c, requests.Timeout | urllib3.exceptions.TimeoutError | TimeoutError)
        for c in causes
    ):
        return _Failure("timeout", "timed out")
    lost = (
        requests.ConnectionError,
        requests.exceptions.ChunkedEncodingError,
        urllib3.exceptions.ProtocolError,
        ConnectionError,
    )
    if any(isinstance(cause, lost) for cause in causes):
        return _Failure("lost", "connection lost")
    # gTTS raises "Failed to connect" for any request failure; by here nothing in the chain
    # said timeout or reset, so the host was not reachable.
    if str(error).startswith("Failed to connect"):
        return _Failure("unreachable", "network unreachable")
    return None


def _causes(error: BaseException) -> Iterator[BaseException]:
    """Yield ``error`` and everything it wraps (causes, contexts, urllib3 reasons, args)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        pending += [current.__cause__, current.__context__, getattr(current, "reason", None)]
        pending += [a for a in current.args if isinstance(a, BaseException)]


_UNREACHABLE_ERRNOS = {errno.ENETUNREACH, errno.EHOSTUNREACH, errno.ENETDOWN, errno.ECONNREFUSED}


def _is_unreachable(error: BaseException) -> bool:
    import urllib3.exceptions

    if isinstance(error, urllib3.exceptions.NewConnectionError | socket.gaierror):
        return True
    return isinstance(error, OSError) and error.errno in _UNREACHABLE_ERRNOS


def _retry_after(value: str | None) -> float | None:
    # Only the seconds form: services that rate-limit send it; the date form is rare.
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


@dataclass
class ResponseLog:
    """What ``bounded_requests`` saw: the timeout it applies and the last status answered."""

    timeout: float
    last_status: int | None = None


_local = threading.local()
_hook_lock = threading.Lock()
_hook_installed = False


@contextmanager
def bounded_requests(timeout: float) -> Iterator[ResponseLog]:
    """Within the block, give this thread's ``requests`` calls a timeout and log each status.

    deep-translator calls ``requests.get`` with no timeout, so a silent server would hang a
    build for ever, and it turns error answers into exceptions that drop the status code.
    Wrapping ``requests.Session.request`` puts both back without forking the library; the
    wrapper does nothing outside this block or in other threads.
    """
    _install_hook()
    previous = getattr(_local, "responses", None)
    responses = ResponseLog(timeout)
    _local.responses = responses
    try:
        yield responses
    finally:
        _local.responses = previous


def _install_hook() -> None:
    global _hook_installed
    import requests

    with _hook_lock:
        if _hook_installed:
            return
        original = requests.Session.request

        @functools.wraps(original)
        def request(self: requests.Session, *args: Any, **kwargs: Any) -> requests.Response:
            responses: ResponseLog | None = getattr(_local, "responses", None)
            if responses is None:
                return original(self, *args, **kwargs)
            if kwargs.get("timeout") is None:
                kwargs["timeout"] = responses.timeout
            response = original(self, *args, **kwargs)
            responses.last_status = response.status_code
            return response

        requests.Session.request = request  # type: ignore[method-assign]
        _hook_installed = True


class Throttle:
    """A callable that waits, when called, until ``min_interval_s`` has passed since the last call.

    Free online services ban clients that send requests back to back; spacing them out is
    cheaper than backing off after a 429.
    """

    def __init__(
        self,
        min_interval_s: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_interval_s = min_interval_s
        self._clock = clock
        self._sleep = sleep
        self._last: float | None = None
        self._lock = threading.Lock()

    def __call__(self) -> None:
        with self._lock:
            now = self._clock()
            if self._last is not None:
                wait = self._last + self.min_interval_s - now
                if wait > 0:
                    self._sleep(wait)
                    now += wait
            self._last = now
