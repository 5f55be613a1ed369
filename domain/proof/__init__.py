"""The verifiable format (spec: ``docs/spec.md``): canonical JSON, the event hash and chain,
the Merkle tree and its proofs, signed notes and checkpoints, court bundles and the offline
verifier. It imports nothing from the records (``domain`` aggregates) and nothing but the
standard library and ``cryptography`` (checked by ``make lint``), so an oversight body's or a
court's expert can read it, and ``verify-bundle`` could ship, on its own."""
