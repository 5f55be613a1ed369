"""Typed request members: the nested objects of the request bodies, one pydantic model each.

Each model mirrors what the domain checks of that object (``domain/records``): every member,
its type, its vocabulary (from ``domain.records.vocabulary``), whether it is required. The
domain keeps its own checks — the edge says the shape, the domain says the rules — and
``api/problems.py`` answers a refusal by these models in the domain's words (``code``
``invalid-field`` or ``unknown-term`` with ``field``), so a client sees one contract.

* :mod:`api.schemas.terms` — vocabulary members, members coded like the domain, dumping;
* :mod:`api.schemas.children` — guardians, the file's identity, the guardianship evidence;
* :mod:`api.schemas.reports` — reporters, petitions, the town's assessment;
* :mod:`api.schemas.catalogue` — the major-decision catalogue data.
"""
