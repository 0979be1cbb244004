"""The name keys of migration 0011, frozen: the revision must compute the same
keys whatever the name engine (service/names) becomes later, so that an old
database upgrades today as it did when 0011 was written.

These modules are copies of service/names as of commit 6233fcb (the engine
that learnt Arabic letter alternations, Wade-Giles and pinyin syllables,
other scripts, English nicknames from the `nicknames` package, honorifics and
regnal numbers), with the data files as they were then; the `nicknames`
package's table is frozen into data/english_nicknames.tsv. Never edit them to
follow the service: keys computed another way belong in a new revision, with
its own frozen copy.
"""
from .keys import blocking_keys
from .normalize import InvalidName

__all__ = ["InvalidName", "blocking_keys"]
