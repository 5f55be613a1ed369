"""``python -m api`` runs the ``jianzheng`` command line."""

from api.cli import main

main()
