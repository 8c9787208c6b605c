"""Every write of the programme that matters, one module per concern: ``schedule``
(sessions, stage moves, reminders, calendar addresses), ``attendance``,
``submissions`` (hand-in and grades), ``certificates`` (issue, revoke, the register's
data), ``printing`` (a certificate's PDF) and ``finalists``.

Callers import the module of the concern (``from modules.services import finalists``):
the tasks call several of them, and ``certificates`` queues a task, so a package that
imported them all here would import itself in a circle."""
