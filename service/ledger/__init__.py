"""The ledger: the one owner of what an entity's mentions imply (aliases,
name keys, titles, context words, counts, canonical name). Article writes,
curation and `namesake check` call only these verbs."""
from service.ledger.entries import absorb, move, read_rows, rebuild, record, refresh_names, retract
from service.ledger.tally import Row

__all__ = ["Row", "absorb", "move", "read_rows", "rebuild", "record", "refresh_names", "retract"]
