"""Cross-document resolution: link each person group to an entity, or create one.

decide() only reads the store; service/resolve/apply.py writes what was
decided. An edited article is decided against the store as it was, so its
people keep their IDs when its old mentions are taken back."""
from service.resolve.link import Decision, decide, people_keys

__all__ = ["Decision", "decide", "people_keys"]
