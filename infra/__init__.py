"""Infrastructure: settings, the ``eventsourcing`` application and its persistence, keys."""
