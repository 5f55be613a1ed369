"""People's screens and prints: server-rendered from Jinja2 templates (ADR 0006)."""
