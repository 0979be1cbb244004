"""The name keys of migration 0017, frozen: the revision must compute the
same keys whatever the name engine (service/names) becomes later, so that an
old database upgrades today as it did when 0017 was written.

These modules are copies of service/names as of commit 9a156d7 (the
Scandinavian, Hungarian, Belarusian and Ukrainian readings of Cyrillic names,
the Dutch-era Indonesian spelling, Ukrainian given names the dictionary lists
under their own spelling first, Yousaf and Amrou, Abol- as a kunya, Amir and
Sultan as given names before a name without bin, titles read after generation
suffixes are set aside), with the data files as they were then; the
`nicknames` package's table is frozen into data/english_nicknames.tsv. Written
by migrations/freeze_names.py. Never edit them to follow the service: keys
computed another way belong in a new revision, with its own frozen copy.
"""
from .keys import blocking_keys
from .normalize import InvalidName

__all__ = ["InvalidName", "blocking_keys"]
