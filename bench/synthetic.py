"""Synthetic but realistic person names, for benchmarks that need a large store.

    from bench.synthetic import NameGenerator
    gen = NameGenerator(seed=7)
    person = gen.person()      # Person(culture, full, short, title)
    person.aliases(rng)        # 1 to 3 spellings: full, short form, a variant

Deterministic for a given seed: the first N people of a stream are the same
whatever is drawn after them, so a 10k store is a prefix of the 1M store.

Distribution (a choice, stated here): given and family names are drawn by
rank from a Zipf-Mandelbrot law, p(r) ~ 1 / (r + q) ** s. The head ranks are
the real names listed below, in rough order of frequency; ranks past the list
are made-up names composed from syllables of the same culture, so the number
of distinct names keeps growing with the store (as real family names do)
while the head stays shared by very many people. The parameters are chosen
to resemble published frequency tables: with q = 10, s = 1 the commonest
Western family name is about 1% of Western people (Smith is 0.8% in the 2010
US Census, and the top 1,000 names hold about 40%); East Asian family names
are far more concentrated (Wang, Li, Zhang, Kim: 5-20% each). Given names are
steeper everywhere (q = 2, s = 1.4): the commonest (Mohammed, John, José) is
about 13% of its culture's people and the listed head about 70%. The mix of
cultures follows the service's use: English-language news about the Middle
East and the world.
"""
from __future__ import annotations

import bisect
import itertools
import random
import re
from dataclasses import dataclass
from functools import cache

# Share of people by culture.
CULTURES = {"arabic": 0.30, "western": 0.28, "south_asian": 0.12, "east_asian": 0.10,
            "african": 0.10, "hispanic": 0.10}

# Heads of the frequency tables, commonest first.
GIVEN = {
    "arabic": "Mohammed Ahmed Ali Mahmoud Omar Khaled Hassan Hussein Ibrahim Youssef Abdullah "
              "Mustafa Fatima Saeed Abdulaziz Samir Tarek Karim Mariam Walid Nabil Jamal Adel "
              "Faisal Salman Nasser Aisha Fahd Hamad Majid Rami Ziad Bassam Layla Riyad Hisham "
              "Osama Marwan Ayman Yasser Noura Imad Izz_al-Din Abd_al-Rahman Nour_al-Din Salma",
    "western": "John Michael David James Robert Mary William Maria Thomas Richard Elizabeth Daniel "
               "Peter Jennifer Paul Mark Anna Sarah Christopher Matthew Jean Andrew Laura Steven "
               "Hans Pierre Emma George Nicholas Claire Stefan Olivier Marco Katherine Jonathan "
               "Anne Emily Philip Giuseppe",
    "south_asian": "Mohammad Rahul Amit Priya Imran Sunil Anil Rajesh Sanjay Vijay Ravi Arun "
                   "Deepak Sunita Pooja Asif Mohan Suresh Ashok Nawaz Shahid Kiran Manoj Vikram "
                   "Arjun Lakshmi Narendra Rajiv Farooq Anjali",
    "african": "John Mohamed Grace Samuel Joseph Emmanuel Ibrahim Amina Mamadou Moussa Kwame "
               "Fatou Cyril Abiy Chinedu Kofi Ngozi Aminata Blessing Tendai Uhuru Thabo Yaw "
               "Themba Adebayo Oluwaseun Aliou Bola Jacob Paul",
    "hispanic": "José Juan María Luis Carlos Ana Jorge Miguel Pedro Francisco Antonio Manuel "
                "Javier Carmen Alejandro Fernando Ricardo Sofía Lucía Diego Pablo Andrés Gabriel "
                "Isabel Rafael Sergio Raúl Eduardo",
    # East Asian given names are an open vocabulary of syllables: see _east_asian.
    "japanese": "Hiroshi Takeshi Yuki Kenji Akira Haruto Yoko Keiko Naoki Shinzo Fumio Taro "
                "Yoshihide Kazuo Emi",
}
FAMILY = {
    "arabic": "al-Masri Haddad al-Shammari al-Otaibi Khalil Nasser Hamdan al-Qahtani Mansour "
              "Saleh Youssef al-Hashimi Darwish Khoury Aziz al-Amin Farouk Hijazi al-Najjar "
              "Othman Ibrahim al-Zahrani Shehadeh Barakat Qasim al-Tamimi Jaber Awad Suleiman "
              "al-Khatib Khalouf al-Hourani al-Assad Haidar al-Jubouri",
    "western": "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas "
               "Moore Martin Jackson White Harris Clark Lewis Walker Hall Young Allen King Wright "
               "Scott Green Baker Adams Müller Schmidt Dubois Rossi Bernard Murphy O'Brien "
               "Kowalski Novak Petrov Ivanov",
    "south_asian": "Sharma Patel Singh Kumar Khan Gupta Shah Reddy Verma Das Rao Iyer Mehta "
                   "Chaudhry Joshi Nair Mishra Bhatt Malik Hussain Qureshi Banerjee Chatterjee "
                   "Pillai Menon Agarwal Siddiqui Sheikh Yadav Jain",
    "african": "Okafor Mensah Diallo Traoré Nkosi Kamara Mwangi Okonkwo Adeyemi Banda Dlamini "
               "Kenyatta Ochieng Abubakar Bello Ndlovu Osei Boateng Keita Touré Sow Mutua "
               "Kiplagat Tshabalala Ramaphosa Obi Eze Moyo Mahama Ouattara",
    "hispanic": "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Martín "
                "Jiménez Ruiz Hernández Díaz Moreno Álvarez Muñoz Romero Alonso Gutiérrez "
                "Navarro Torres Domínguez Vázquez Ramos Castillo Ortega Rubio Morales Delgado",
    "chinese": "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Gao Luo",
    "korean": "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin Kwon",
    "japanese": "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato "
                "Yoshida Yamada Sasaki Yamaguchi Matsumoto Inoue Kimura Hayashi Shimizu Kishida",
}
# Syllables for names past the head of each table: onset + middle + ending.
SYLLABLES = {
    "arabic": ("Kh Sh Z R M N H Q B D J F S T Gh W Y", "a ou i a ay", "mrawi dmani lani rabi "
               "shouri ttar zzawi hidi nnawi ssouli fari jabi lhani"),
    "western": ("Hart Ash Brad Cal Dun Fair Hol Kirk Lang Mor Pem Ros Stan Thorn Whit Ald Bel "
                "Cran Dal Eld", "- - er ing en", "ford ley ton wood well man by field son "
                "worth ridge more ham ster"),
    "south_asian": ("Ban Chat Kap Mal Sri Vish Raj Gan Pur Desh Bhar Tri Ach Sub", "- a u i",
                    "ani kar wal ari esh ia pande wala ndra nath rajan"),
    "african": ("Ade Olu Chi Nko Mba Ka Mwa Nya Tshi Ou Ba Ke Ma Nda", "- n la ru",
                "yemi nkwo lo ngi rara kosi tunde wale ye mba lele bo"),
    "hispanic": ("Bal Car Cas Ech Gal Lar Men Ol Pal Sal Ur Var Zar Beng", "- - av ev",
                 "ega ado illa eros uela ano ondo arri ido azo"),
    "chinese": ("Wei Jian Ming Hua Qiang Jun Yi Lei Xin Hong Ping Jie Tao Yan Fang Jing Hui Bo "
                "Zhi Xiao Long Yong Guang Dong", "", ""),
    "korean": ("Jae Min Jun Seo Ji Hyun Young Sung Jin Soo Hee Woo Ho Yeon Eun Tae", "", ""),
    "japanese": ("Ka Ta Ya Ma Na Sa Ha Mi Ku To Shi Fu", "ka ma na mo ta ri",
                 "moto da gawa mura shita no zaki hara ko ro"),
}
# Zipf-Mandelbrot (q, s, number of ranks) for given and family names.
GIVEN_LAW = (2, 1.4, 5_000)
FAMILY_LAW = {"western": (10, 1.0, 100_000), "arabic": (5, 1.0, 60_000),
              "south_asian": (3, 1.0, 40_000), "african": (8, 1.0, 60_000),
              "hispanic": (5, 1.0, 40_000), "chinese": (1, 1.2, 2_000),
              "korean": (0, 1.3, 1_000), "japanese": (5, 1.0, 20_000)}
# Titles written before a name, and how often a person carries one.
TITLES = ["President", "Minister", "Gen.", "Col.", "Capt.", "Sheikh", "Dr.", "Prof.", "Sen.",
          "Gov.", "Judge", "Mayor", "Ambassador", "Prince", "Lt. Gen."]
TITLED = 0.2


def _words(table: str) -> list[str]:
    return [w.replace("_", " ") for w in table.split()]


class _Law:
    """Draws names by rank: real names at the head, composed ones past it."""

    def __init__(self, culture: str, head: list[str], law: tuple[int, float, int],
                 family: bool = False):
        q, s, ranks = law
        self.culture, self.head, self.family = culture, head, family
        self.cum = list(itertools.accumulate(1 / (r + q) ** s for r in range(1, ranks + 1)))

    def draw(self, rng: random.Random) -> str:
        rank = bisect.bisect(self.cum, rng.random() * self.cum[-1])
        return self.head[rank] if rank < len(self.head) else _composed(self.culture, rank, self.family)


@cache
def _composed(culture: str, rank: int, family: bool) -> str:
    # Seeded by (culture, rank): the same rank is always the same made-up name.
    rng = random.Random(f"{culture}:{family}:{rank}")
    onset, middle, ending = (part.split() for part in SYLLABLES[culture])
    if not middle:  # East Asian: one or two syllables
        name = "".join(rng.choice(onset) for _ in range(rng.choice((1, 2))))
        return name.capitalize()
    name = (rng.choice(onset) + rng.choice(middle).strip("-") + rng.choice(ending)).capitalize()
    return f"al-{name}" if family and culture == "arabic" and rng.random() < 0.5 else name


@dataclass(frozen=True)
class Person:
    culture: str
    full: str          # the most complete form
    short: str         # without middle, father's or maternal names
    title: str | None

    def aliases(self, rng: random.Random) -> list[str]:
        """1 to 3 spellings of the person, as a store holds them."""
        forms = [self.full]
        if self.short != self.full and rng.random() < 0.6:
            forms.append(self.short)
        if rng.random() < 0.4:
            forms.append(variant(rng.choice(forms), rng))
        return list(dict.fromkeys(forms))


# Romanization variants: one rewrite, chosen among those that apply.
_VARIANTS = [
    (r"ou", "u"), (r"(?<=[bcdfghjklmnpqrstvz])u(?=[bcdfghjklmnpqrstvz])", "ou"),
    (r"ee", "i"), (r"(?<=[a-z])i(?=[bcdfghjklmnpqrstvz][aeiou])", "ee"),
    (r"([bdfglmnprstz])\1", r"\1"), (r"(?<=[aeiou])([dlmnrst])(?=[aeiou])", r"\1\1"),
    (r"\bal-", "el-"), (r"\bel-", "al-"), (r"\bAl-", "El-"), (r"(?<=[a-z])e(?=[a-z])", "a"),
]


def variant(name: str, rng: random.Random) -> str:
    """Another romanization of `name`: Khalouf -> Khaluf, Saeed -> Said,
    Hassan -> Hasan, al-Masri -> el-Masri. The name itself when nothing applies."""
    options = [(p, r) for p, r in _VARIANTS if re.search(p, name)]
    if not options:
        return name
    pattern, repl = rng.choice(options)
    spots = list(re.finditer(pattern, name))
    spot = rng.choice(spots)
    return name[:spot.start()] + spot.expand(repl) + name[spot.end():]


class NameGenerator:
    def __init__(self, seed: int = 7):
        self.rng = random.Random(seed)
        self.cultures, weights = zip(*CULTURES.items(), strict=True)
        self.weights = list(itertools.accumulate(weights))
        self.given = {c: _Law(c, _words(GIVEN[c]), GIVEN_LAW) for c in GIVEN}
        self.family = {c: _Law(c, _words(FAMILY[c]), law, True) for c, law in FAMILY_LAW.items()}
        # Chinese and Korean given names are made of common syllables.
        self.syllables = {c: _Law(c, SYLLABLES[c][0].split(), (1, 1.0, len(SYLLABLES[c][0].split())))
                          for c in ("chinese", "korean")}

    def person(self) -> Person:
        rng = self.rng
        culture = rng.choices(self.cultures, cum_weights=self.weights)[0]
        full, short = getattr(self, f"_{culture}")(rng)
        title = rng.choice(TITLES) if rng.random() < TITLED else None
        return Person(culture, full, short, title)

    def _arabic(self, rng):
        given, family = self.given["arabic"].draw(rng), self.family["arabic"].draw(rng)
        if rng.random() < 0.4:  # the father's name, Gulf style with "bin"
            father = self.given["arabic"].draw(rng)
            link = "bin " if rng.random() < 0.35 else ""
            return f"{given} {link}{father} {family}", f"{given} {family}"
        return f"{given} {family}", f"{given} {family}"

    def _western(self, rng):
        given, family = self.given["western"].draw(rng), self.family["western"].draw(rng)
        roll = rng.random()
        if roll < 0.3:
            middle = self.given["western"].draw(rng)
        elif roll < 0.4:
            middle = rng.choice("ABCDEFGHJKLMPRSTW") + "."
        else:
            return f"{given} {family}", f"{given} {family}"
        return f"{given} {middle} {family}", f"{given} {family}"

    def _south_asian(self, rng):
        given, family = self.given["south_asian"].draw(rng), self.family["south_asian"].draw(rng)
        if rng.random() < 0.25:
            middle = rng.choice(["Kumar", "Prasad", "Lal", "Chandra", "Nath"])
            return f"{given} {middle} {family}", f"{given} {family}"
        return f"{given} {family}", f"{given} {family}"

    def _african(self, rng):
        given, family = self.given["african"].draw(rng), self.family["african"].draw(rng)
        if rng.random() < 0.15:  # a double-barrelled married name
            family = f"{family}-{self.family['african'].draw(rng)}"
        return f"{given} {family}", f"{given} {family}"

    def _hispanic(self, rng):
        law, families = self.given["hispanic"], self.family["hispanic"]
        given, paternal = law.draw(rng), families.draw(rng)
        full_given = f"{given} {law.draw(rng)}" if rng.random() < 0.25 else given
        maternal = f" {families.draw(rng)}" if rng.random() < 0.5 else ""
        return f"{full_given} {paternal}{maternal}", f"{given} {paternal}"

    def _east_asian(self, rng):
        roll = rng.random()
        if roll < 0.5:  # Chinese, family name first: Wang Yi, Li Keqiang
            given = "".join(self.syllables["chinese"].draw(rng)
                            for _ in range(rng.choice((1, 2, 2)))).capitalize()
            name = f"{self.family['chinese'].draw(rng)} {given}"
        elif roll < 0.75:  # Korean: Moon Jae-in
            a, b = (self.syllables["korean"].draw(rng) for _ in range(2))
            name = f"{self.family['korean'].draw(rng)} {a}-{b.lower()}"
        else:  # Japanese, given name first in English text: Fumio Kishida
            name = f"{self.given['japanese'].draw(rng)} {self.family['japanese'].draw(rng)}"
        return name, name


if __name__ == "__main__":
    gen, rng = NameGenerator(), random.Random(1)
    for _ in range(30):
        p = gen.person()
        print(f"{p.culture:<12} {p.title or '':<11} {' | '.join(p.aliases(rng))}")
