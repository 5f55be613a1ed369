"""Jianzheng's pure domain: aggregates, the event envelope and its hash chain, verifiers.

Nothing here performs I/O or imports a web or database library, so an offline
verifier (a court's expert, an oversight body) can import it on its own.
"""
