"""Grouping cost per name: group_mentions on articles of N distinct names.

    .venv/bin/python bench/bench_group.py                      # N = 250 500 1000 2000
    .venv/bin/python bench/bench_group.py --sizes 1000 10000
    .venv/bin/python bench/bench_group.py --group /tmp/group.py   # another version of group.py

An article is made of bench/synthetic.py's people (given and family names of
several cultures; Arabic ones with al-, bin and a father's name; Zipf-drawn,
so that common given and family names recur): each person is named in full
once, then by short forms a few times (the family name mostly, sometimes the
given name, the name without its middle, or another romanization), until the
mentions hold N distinct names (distinct normalized spellings, as the
service's cap counts them). The mentions are made directly, without spaCy:
only grouping is timed.

Prints the time per distinct name at each N, and the ratio of that time at
the largest N to the smallest: near 1 means the cost grows linearly with the
number of names; largest N / smallest N means it grows with its square.
"""
import argparse
import importlib.util
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import NameGenerator, _Law, variant
from service.names import InvalidName, normalize_name
from service.nlp.extract import PersonMention

FILLERS = ["said on Tuesday.", "told reporters that talks would resume.", "denied the report.",
           "met officials in the capital.", "was not available for comment."]


def article(size: int, seed: int, varied: bool = False) -> tuple[list[PersonMention], str]:
    """Mentions and text naming `size` distinct names."""
    gen, rng = NameGenerator(seed=seed), random.Random(seed)
    if varied:
        _flatten(gen)
    names: set[str] = set()
    forms: list[tuple[str, str | None]] = []
    while len(names) < size:
        person = gen.person()
        for name, title in [(person.full, person.title)] + _short_forms(person, rng):
            forms.append((name, title))
            names.add(_normalized(name))
    text, mentions = "", []
    for name, title in forms:
        if title:
            text += title + " "
        start = len(text)
        text += name
        mentions.append(PersonMention(start, len(text), name, titles=(title,) if title else ()))
        text += " " + rng.choice(FILLERS) + " "
    return mentions, text


def _flatten(gen: NameGenerator) -> None:
    """Every given and family name of a culture equally likely: few people
    share a name, whatever the size of the article."""
    for laws in (gen.given, gen.family):
        for culture, law in laws.items():
            laws[culture] = _Law(culture, law.head, (0, 0.0, len(law.cum)), law.family)


def _short_forms(person, rng: random.Random) -> list[tuple[str, str | None]]:
    words = person.short.split()
    out = []
    for _ in range(rng.choice((0, 1, 1, 2, 3))):
        roll = rng.random()
        if roll < 0.6:
            name = words[-1]  # the family name: "Khalouf", "al-Assad"
        elif roll < 0.7:
            name = words[0]   # the given name
        elif roll < 0.85:
            name = person.short
        else:
            name = variant(rng.choice([person.full, words[-1]]), rng)
        out.append((name, person.title if rng.random() < 0.3 else None))
    return out


def _normalized(name: str) -> str:
    try:
        return normalize_name(name)
    except InvalidName:
        return ""


def load_group(path: str | None):
    if path is None:
        from service.nlp import group
        return group
    spec = importlib.util.spec_from_file_location("group_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[250, 500, 1000, 2000],
                        help="distinct names per article")
    parser.add_argument("--group", help="a group.py to time instead of service/nlp/group.py")
    parser.add_argument("--repeat", type=int, default=3,
                        help="timed runs per size, the fastest kept (the machine's neighbours come and go)")
    parser.add_argument("--varied", action="store_true",
                        help="names drawn evenly rather than by frequency: few shared names")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    group = load_group(args.group)
    warm_up, text = article(100, args.seed - 1, args.varied)  # the name tables and regular expressions, once
    group.group_mentions(warm_up, text)
    print(f"{'names':>7} {'mentions':>9} {'groups':>7} {'comparisons':>12} {'seconds':>9} {'ms/name':>8}")
    per_name = []
    for size in args.sizes:
        # Another draw for each size: the names of a smaller article are not
        # already in the name engine's caches when a larger one is timed.
        mentions, text = article(size, args.seed + size, args.varied)
        seconds = float("inf")
        for _ in range(args.repeat):
            group._matches.cache_clear()
            start = time.perf_counter()
            groups = group.group_mentions(mentions, text)
            seconds = min(seconds, time.perf_counter() - start)
        compared = group._matches.cache_info().misses  # compare_names calls
        per_name.append(seconds / size)
        print(f"{size:>7} {len(mentions):>9} {len(groups):>7} {compared:>12} {seconds:>9.2f} "
              f"{1000 * per_name[-1]:>8.3f}")
    if len(per_name) > 1:
        print(f"ms/name at {args.sizes[-1]} / at {args.sizes[0]}: {per_name[-1] / per_name[0]:.2f} "
              f"(1 = linear; {args.sizes[-1] / args.sizes[0]:g} = quadratic)")


if __name__ == "__main__":
    main()
