"""The name keys of migration 0016, frozen: the revision must compute the
same keys whatever the name engine (service/names) becomes later, so that an
old database upgrades today as it did when 0016 was written.

These modules are copies of service/names as of commit 8adfafc (the French
transcription of Cyrillic, Slavic -oy, ё as yo, й as j, Han surname readings,
South Asian fused articles), with the data files as they were then; the
`nicknames` package's table is frozen into data/english_nicknames.tsv. Written
by migrations/freeze_names.py. Never edit them to follow the service: keys
computed another way belong in a new revision, with its own frozen copy.
"""
from .keys import blocking_keys
from .normalize import InvalidName

__all__ = ["InvalidName", "blocking_keys"]
