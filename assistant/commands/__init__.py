"""One module per command. Each has ``register(subparsers)``; heavy imports wait for ``run``."""
