"""The transactional outbox: queue messages with the change that causes them; send them later."""

from service.outbox.dispatcher import Dispatcher, DispatchReport
from service.outbox.providers import set_senders
from service.outbox.queue import (
    cancel_pending,
    is_suppressed,
    opt_in,
    opt_out,
    queue_email,
    queue_sms,
)
from service.outbox.status import apply_provider_status
from service.outbox.worker import InServerDispatcher, run_worker, start_in_server

__all__ = [
    "DispatchReport",
    "Dispatcher",
    "InServerDispatcher",
    "apply_provider_status",
    "cancel_pending",
    "is_suppressed",
    "opt_in",
    "opt_out",
    "queue_email",
    "queue_sms",
    "run_worker",
    "set_senders",
    "start_in_server",
]
