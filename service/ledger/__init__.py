"""The ledger: the one owner of what an entity's mentions and an authority's
names and titles imply (aliases, name keys, titles, context words, counts,
canonical name). Article writes, curation, the authority import and
`namesake check` call only these verbs."""
from service.ledger.entries import (
    absorb,
    move,
    read_given,
    read_rows,
    rebuild,
    record,
    record_given,
    refresh_names,
    retract,
)
from service.ledger.tally import Named, Row, Titled

__all__ = ["Named", "Row", "Titled", "absorb", "move", "read_given", "read_rows", "rebuild", "record",
           "record_given", "refresh_names", "retract"]
