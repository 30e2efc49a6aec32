"""Background tasks, run by the worker: `celery -A {{ cookiecutter.package_name }} worker`.

A task is a function with @shared_task; the web process queues it with
`.delay(...)` and returns at once:

    @shared_task
    def send_welcome_email(user_id: int) -> None:
        user = ...  # load it here: arguments travel as JSON, so pass IDs, not objects
        ...

    send_welcome_email.delay(user.id)

A task runs at least once, not exactly once: if its worker dies mid-task, the
task runs again from the start on another worker. Write tasks so that a second
run does no harm (idempotent): check whether the email was already sent, upsert
rather than insert, use the task ID as a key.
"""

from celery import shared_task


@shared_task
def ping() -> str:
    """Answers "pong": proves that a worker takes tasks from the queue."""
    return "pong"
