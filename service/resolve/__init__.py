"""Cross-document resolution: link each person group to an entity, or create one.

decide() only reads; apply_decisions() writes. An edited article is decided
against the store as it was, so its people keep their IDs when its old
mentions are undone."""
from service.resolve.apply import apply_decisions
from service.resolve.link import Decision, decide, people_keys

__all__ = ["Decision", "apply_decisions", "decide", "people_keys"]
