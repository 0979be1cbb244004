"""Mentions: the decision behind one, as the resolver made it when its
article was stored (service/resolve/why.py), and where it is now."""
import json
from typing import cast

from sqlmodel import Session, col, select

from service.db.models import Entity, Mention, StoredDecision
from service.errors import NotFound
from service.names import InvalidName
from service.schemas import CompareOut, EntityRef, Outcome, Thresholds, WhyCandidate, WhyMention, WhyOut

UNKNOWN = ("This mention was stored before decisions were recorded: what the resolver "
           "saw then is not known.")


def why(session: Session, mention_id: int) -> WhyOut:
    mention = session.get(Mention, mention_id)
    if mention is None:
        raise NotFound("mention", str(mention_id))
    stored = None if mention.decision is None else \
        session.get(StoredDecision, (mention.article_id, mention.decision))
    details = json.loads(stored.details) if stored is not None else {}
    decided = stored.entity_id if stored is not None else None
    names = _names(session, {mention.entity_id} | ({decided} if decided else set()))
    current = EntityRef(id=mention.entity_id, canonical_name=names[mention.entity_id])
    answer = WhyOut(
        mention=WhyMention(id=mention_id, article_id=mention.article_id, start=mention.start, end=mention.end,
                           text=mention.text),
        outcome=cast(Outcome, stored.outcome if stored is not None else "unknown"),
        rule=details.get("rule"), summary=UNKNOWN, name=details.get("name"),
        spellings=details.get("spellings", []), titles=details.get("titles", []),
        decided_entity=EntityRef(id=decided, canonical_name=names[decided]) if decided else None,
        current_entity=current, moved=decided is not None and decided != mention.entity_id,
        candidates=[_candidate(c) for c in details.get("candidates", [])],
        more_candidates=details.get("more", 0), notes=details.get("notes", []),
        thresholds=Thresholds(**details["thresholds"]) if "thresholds" in details else None,
        decided_at=stored.created_at if stored is not None else None)
    if stored is not None:
        answer.summary = summary(answer, details.get("one_word", False))
    return answer


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    return dict(session.exec(select(Entity.id, Entity.canonical_name).where(col(Entity.id).in_(ids))).all())


def _candidate(seen: dict) -> WhyCandidate:
    """A stored candidate, its names aligned now: the name engine explains
    the same pair the same way, and storing every alignment would cost each
    article far more than reading one explanation does."""
    return WhyCandidate(
        entity=EntityRef(id=seen["id"], canonical_name=seen["name"]), spelling=seen["spelling"],
        alias=seen["alias"], alignment=_aligned(seen["spelling"], seen["alias"]),
        name_score=seen["name_score"], name_match=seen["match"], score=seen["score"],
        evidence_for=seen["evidence_for"], evidence_against=seen["evidence_against"],
        plausible=seen["plausible"], chosen=seen["chosen"], absorbed=seen["absorbed"], review=seen["review"])


def _aligned(spelling: str | None, alias: str | None) -> CompareOut | None:
    if spelling is None or alias is None:
        return None
    try:
        return CompareOut.of(spelling, alias)
    except InvalidName:  # the name engine's rules changed since and no longer read one of them
        return None


def summary(why: WhyOut, one_word: bool) -> str:
    """The decision in plain words."""
    sentences = [_linked(why) if why.rule else _created(why, one_word)]
    sentences += [note[0].upper() + note[1:] + "." for note in why.notes]
    absorbed = [c.entity.canonical_name for c in why.candidates if c.absorbed]
    if absorbed:
        sentences.append(f"Its fuller name showed {_listed(absorbed)} to be the same person: merged into it.")
    if any(c.review and c.chosen for c in why.candidates):
        sentences.append("The link is listed for editors to review.")
    review = [c.entity.canonical_name for c in why.candidates if c.review and not c.chosen]
    if review:
        sentences.append(f"Listed for review as possibly {_listed(review, 'or')}.")
    if why.moved:
        sentences.append(f"Curation has since moved the mention to {why.current_entity.canonical_name}.")
    return " ".join(sentences)


def _linked(why: WhyOut) -> str:
    chosen = next(c for c in why.candidates if c.chosen)
    t = why.thresholds
    assert t is not None
    reason = {
        "name_match": f"the names match (name {chosen.name_score:.2f}, with context {chosen.score:.2f}; "
                      f"a match links at {t.link_above} or more)",
        "context": f"its score ({chosen.score:.2f}) lies between {t.create_below} and {t.link_above}, "
                   "and context speaks for this candidate alone",
        "singled_out": f"context speaks for it, and it leads the next candidate by {t.short_margin} or more",
        "sole_bearer": "it is the only known person who bears this name",
        "dominant_bearer": f"it holds the title, and is named in at least {t.dominance} times as many articles "
                           "and mentions as any other bearer of this name",
    }[why.rule or ""]
    return f"“{why.name}” was linked to {chosen.entity.canonical_name}: {reason}."


def _created(why: WhyOut, one_word: bool) -> str:
    t = why.thresholds
    assert t is not None
    plausible = any(c.plausible for c in why.candidates)
    if not why.candidates:
        reason = "no known person bears this name"
    elif not plausible and any(c.review for c in why.candidates):
        reason = (f"no candidate's name matched, and no context spoke for those scoring between "
                  f"{t.create_below} and {t.link_above}")
    elif not plausible:
        reason = f"no candidate scored {t.create_below} or more with a name match or context for it"
    elif one_word:
        reason = "nothing singled out one of the known people who may bear this one-word name"
    else:
        reason = f"no candidate's name matched at {t.link_above} or more, and context singled none out"
    return f"“{why.name}” became a new person: {reason}."


def _listed(names: list[str], word: str = "and") -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" {word} {names[-1]}"
