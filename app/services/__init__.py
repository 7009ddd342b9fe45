"""Services: the only code that changes state.

Each public operation (``post_idea``, ``cast_vote``, ``set_phase``, ``change_status`` …)
reads its input with ``fields``, checks who may act (``access`` and the ``check_*`` beside the
operation) and the rules of ``facilitation``, then makes its change in one transaction
(``app.database.transaction``). The events the change causes are queued on that transaction
(``Transaction.on_commit``) and leave only after it commits: no service sends anything itself.
The reads that screens and pages need (snapshots, the backlog, reports, exports) live beside
the writes of the same subject.
"""
