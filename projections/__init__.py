"""Read models built from the event stream (case state, review status, ledgers, queues).

Each projection tracks its position in the same transaction as its rows, so it
resumes exactly once after a restart and can be rebuilt from zero with an
identical result (DESIGN §1).
"""
