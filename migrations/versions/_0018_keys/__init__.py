"""The name keys of migration 0018, frozen: the revision must compute the
same keys whatever the name engine (service/names) becomes later, so that an
old database upgrades today as it did when 0018 was written.

These modules are copies of service/names as of commit ca991db (Salim in the
families of Salem and Salim, Alex for Alejandro, Persian Allah compounds with
-i, the Scandinavian reading throughout a name, Belarusian ў and initial ц,
the scholarly transliteration of Cyrillic), with the data files as they were
then; the `nicknames` package's table is frozen into
data/english_nicknames.tsv. Written by migrations/freeze_names.py. Never edit
them to follow the service: keys computed another way belong in a new
revision, with its own frozen copy.
"""
from .keys import blocking_keys
from .normalize import InvalidName

__all__ = ["InvalidName", "blocking_keys"]
