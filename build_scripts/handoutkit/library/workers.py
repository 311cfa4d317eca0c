"""Run build jobs in this process or in worker processes, and hand each result back as it comes.

Workers ignore Ctrl-C, SIGTERM and SIGHUP: the parent decides what a signal means (it stops
handing out jobs and lets the ones being built finish whole). A worker whose parent is gone (killed
with SIGKILL, say) notices within a second and exits, so no worker is left holding the output pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Generic, TypeVar

from . import stopping

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor

JobT = TypeVar("JobT")
ResultT = TypeVar("ResultT")
MAX_JOBS_PER_CORE = 2  # more workers than this only share the same cores and take more memory
_WATCH_SECONDS = 0.5


def available_cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return os.cpu_count() or 1


def worker_count(requested: int, jobs: int) -> int:
    """How many workers to run for ``jobs`` jobs when ``requested`` were asked for."""
    return max(1, min(requested, MAX_JOBS_PER_CORE * available_cores(), jobs))


class Runner(Generic[JobT, ResultT]):
    """Runs jobs: in this process when there is one job or one worker, else in worker processes.

    The workers start as soon as there is a job for each of them, so they build while the caller
    plans the rest; with fewer jobs than that, the pool is as large as the jobs, once planning is
    done. Each worker keeps what it loaded (styles, fonts) for every job it runs.
    """

    def __init__(
        self, workers: int, run: Callable[[JobT], ResultT], failed: Callable[[JobT, Exception], ResultT]
    ) -> None:
        self.workers = workers
        self.run, self.failed = run, failed  # ``run`` must be picklable: a module-level function
        self.waiting: list[tuple[int, JobT]] = []  # planned, not handed to a worker (yet)
        self.futures: dict[Future[ResultT], tuple[int, JobT]] = {}
        self.handed_back: set[Future[ResultT]] = set()
        self.pool: ProcessPoolExecutor | None = None

    def submit(self, index: int, job: JobT) -> None:
        self.waiting.append((index, job))
        if self.pool is not None or (self.workers > 1 and len(self.waiting) >= self.workers):
            self._hand_out(self.workers)

    def _hand_out(self, workers: int) -> None:
        """Give the waiting jobs to the pool, starting it (all its workers at once) if need be."""
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor  # ~15 ms: only parallel builds pay it

            self.pool = ProcessPoolExecutor(max_workers=workers, initializer=_worker_started)
        for index, job in self.waiting:
            self.futures[self.pool.submit(self.run, job)] = (index, job)
        self.waiting.clear()

    def finish(self, keep: Callable[[ResultT], ResultT], show: Callable[[int, ResultT], None]) -> None:
        """Run every job submitted; ``keep`` each result as it comes (in no particular order), then ``show`` it.

        Taking a result back and keeping it is one step that no signal cuts in half (see
        :func:`stopping.deferred`); showing it, which may wait on a full output pipe, is not.
        """
        if self.pool is None and self.workers > 1 and len(self.waiting) > 1:
            self._hand_out(min(self.workers, len(self.waiting)))
        while self.waiting:  # one job, or one worker: in this process
            index, job = self.waiting[0]
            result = self._safely(job)
            with stopping.deferred():
                self.waiting.pop(0)
                kept = keep(result)
            show(index, kept)
        if self.pool is not None:
            from concurrent.futures import as_completed

            for future in as_completed(self.futures):
                with stopping.deferred():
                    self.handed_back.add(future)
                    kept = keep(self._safely(self.futures[future][1], future))
                show(self.futures[future][0], kept)
            self.pool.shutdown(wait=True)

    def cancel(self, keep: Callable[[ResultT], ResultT]) -> None:
        """A signal or an error: drop the jobs not started, wait for those running, and ``keep`` the
        results that came in and were not kept yet."""
        self.waiting.clear()
        if self.pool is None:
            return
        self.pool.shutdown(wait=True, cancel_futures=True)
        for future, (_, job) in self.futures.items():
            if future not in self.handed_back and future.done() and not future.cancelled():
                with stopping.deferred():
                    self.handed_back.add(future)
                    keep(self._safely(job, future))

    def _safely(self, job: JobT, future: Future[ResultT] | None = None) -> ResultT:
        """The job's result; an unexpected failure becomes the job's failure, and the others go on."""
        try:
            return future.result() if future is not None else self.run(job)
        except Exception as exc:  # a bug, or a worker process that died: report it, never a traceback
            return self.failed(job, exc)


def _worker_started() -> None:
    """Set up a worker process: signals are the parent's to act on, and the worker dies with it."""
    for signum in stopping.STOPPING:
        signal.signal(signum, signal.SIG_IGN)
    watched = os.getppid()  # the process that started this one (the parent, or a fork server)
    threading.Thread(target=_watch_parent, args=(watched,), name="parent-watch", daemon=True).start()


def _watch_parent(parent: int) -> None:
    """Exit at once when the process that started this one is gone (this one is then re-parented).

    A parent killed before this thread started has re-parented it already, so ``parent`` is then
    its new one; the pool's process is also watched through multiprocessing's sentinel for it, a
    pipe that closes when that process ends, whenever that was.
    """
    creator = multiprocessing.parent_process()
    while os.getppid() == parent and (creator is None or creator.is_alive()):
        time.sleep(_WATCH_SECONDS)
    os._exit(1)  # no clean-up: the files being written are temporary, and the next build removes them
