"""The name keys of migration 0005, frozen: the revision must compute the same
keys whatever the name engine (service/names) becomes later, so that an old
database upgrades today as it did when 0005 was written.

These modules are copies of service/names as of commit 77ec00e (whose keys
are those 0005 was written with), pruned to what blocking_keys needs, with the
data files as they were then. Never edit them to follow the service: keys
computed another way belong in a new revision, with its own frozen copy.
"""
from .keys import blocking_keys
from .normalize import InvalidName

__all__ = ["InvalidName", "blocking_keys"]
