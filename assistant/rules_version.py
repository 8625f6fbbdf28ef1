"""The version of what the loader and validator accept, apart from their source.

Raise it when a tree that passed before may no longer pass (or read differently): every cache
key includes it (assistant/cache.py), so trees validated by an earlier version are validated
again. Its own module, so a cached start reads it without importing the validator (networkx).
"""

VALIDATOR_VERSION = 5  # 3: special cases (17); 4: look-alikes, file bounds (19); 5: answer ids (18)
