"""Read models built from the event stream (case state, review status, oversight queues).

Each projection here is pure: ``apply(envelope, position, docs)`` turns one event into
changes of JSON documents. ``infra/views.py`` runs them: it feeds stored events in
commit order and saves the documents together with the projection's position in one
transaction, so a projection resumes exactly once after a restart and can be rebuilt
from zero with an identical result (DESIGN §1).
"""
