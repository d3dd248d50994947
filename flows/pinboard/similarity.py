"""Cluster suggestions for the pinboard: notes that share a word stem.

The method is meant to be explained in one sentence to a facilitator: "these
notes share the word X". Per question, each note is reduced to the stems of its
words (Snowball stemmer, German unless the notes are mostly English) after
dropping German and English stopwords, very short words, numbers and the words
of the question itself (a note to "Wer trägt die Kosten?" mentioning "Kosten"
says little). Two stems count as the same word when they are equal, when the
longer ends with the shorter (a German compound and its head: "Zufallsbegegnung"
and "begegnen"), or when they differ only in a last letter or two
("Ermöglichung", "ermöglichen"). Then, greedily, the stem shared by most
still-ungrouped notes becomes a suggestion named after that word, until no stem
is shared by two ungrouped notes. Suggestions never touch notes already in a
cluster, and the facilitator accepts or ignores each one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence

import snowballstemmer

from flows.base import Value
from flows.pinboard.model import AcceptSuggestion, PinboardState
from flows.pinboard.results import cluster_of, visible_notes


def _word_list(text: str) -> frozenset[str]:
    return frozenset(text.split())


GERMAN_STOPWORDS = _word_list("""
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
anderm andern anderr anders auch auf aus bei beim bin bis bist bzw da dabei dadurch dafür dagegen
daher damit dann dar daran darauf darum das daß dass dazu dem den denen denn der deren des dessen
die dies diese diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines
einfach etc etwa etwas euch euer eure eurem euren eurer eures für gegen gewesen gibt geht ggf gut
hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres
im immer in indem ins ist jede jedem jeden jeder jedes jene jenem jenen jener jenes jetzt kann kein
keine keinem keinen keiner keines können könnte machen man manche manchem manchen mancher manches
mehr mein meine meinem meinen meiner meines mit muss musste müssen nach neben nicht nichts noch nun
nur ob oder ohne schon sehr sein seine seinem seinen seiner seines selbst sich sie sind so solche
solchem solchen solcher solches soll sollen sollte sollten sondern sonst sowie statt über um und
uns unser unsere unserem unseren unserer unseres unter usw viel viele vom von vor während war waren
warst was weg weil weiter welche welchem welchen welcher welches wenn wer werde werden wie wieder
will wir wird wirst wo wollen wollte würde würden zu zum zur zwar zwischen
""")

ENGLISH_STOPWORDS = _word_list("""
about above after again against all also and any are because been before being below between both
but can cannot could did does doing down during each etc few for from further get had has have
having her here hers herself him himself his how into its itself just more most must need not now
off once only other ought our ours ourselves out over own same she should some such than that the
their theirs them themselves then there these they this those through too under until very via was
were what when where which while who whom why will with would you your yours yourself yourselves
""")

MIN_WORD = 3
MIN_SUFFIX = 4
MIN_PREFIX = 5
_WORD = re.compile(r"[^\W\d_]+")
_STEMMERS = {language: snowballstemmer.stemmer(language) for language in ("german", "english")}


class Suggestion(Value):
    """A proposed cluster: ungrouped notes of one question that share the word ``stem``."""

    question: int
    name: str
    stem: str
    notes: tuple[int, ...]

    def accept(self, actor: int) -> AcceptSuggestion:
        """The event that takes this suggestion as a cluster."""
        return AcceptSuggestion(actor=actor, name=self.name, notes=self.notes)

    def digest(self) -> str:
        """A short fingerprint of the question and the notes: a button or a page that offered
        the suggestion carries it, so one that changed since is told from the one shown."""
        body = f"{self.question}:" + ",".join(map(str, self.notes))
        return hashlib.sha1(body.encode()).hexdigest()[:8]


def words(text: str) -> list[str]:
    """The words of a text as written, without numbers and punctuation."""
    return _WORD.findall(text)


def detect_language(texts: Iterable[str]) -> str:
    """``english`` if English stopwords outnumber German ones, else ``german``."""
    tokens = [word.lower() for text in texts for word in words(text)]
    english = sum(token in ENGLISH_STOPWORDS for token in tokens)
    german = sum(token in GERMAN_STOPWORDS for token in tokens)
    return "english" if english > german else "german"


def keywords(text: str, language: str, ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    """Stem -> the word as first written, for the content words of a text."""
    stemmer = _STEMMERS[language]
    found: dict[str, str] = {}
    for word in words(text):
        lower = word.lower()
        if len(lower) < MIN_WORD or lower in GERMAN_STOPWORDS or lower in ENGLISH_STOPWORDS:
            continue
        stem = stemmer.stemWord(lower)
        if stem not in ignore:
            found.setdefault(stem, word)
    return found


def related(a: str, b: str) -> bool:
    """Same word: equal stems, a compound and its head, or a shared start but a letter or two."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    if len(short) >= MIN_SUFFIX and long.endswith(short):
        return True
    common = 0
    for x, y in zip(short, long, strict=False):
        if x != y:
            break
        common += 1
    return common >= MIN_PREFIX and common >= len(short) - 1


def suggest_groups(
    notes: Sequence[tuple[int, str]], question: str = ""
) -> tuple[tuple[str, str, tuple[int, ...]], ...]:
    """Groups ``(name, stem, note numbers)`` among ``(number, text)`` notes, biggest first."""
    language = detect_language([question, *(text for _, text in notes)])
    ignore = frozenset(keywords(question, language))
    stems = {number: keywords(text, language, ignore) for number, text in notes}
    surface: dict[str, str] = {}
    for found in stems.values():
        for stem, word in found.items():
            surface.setdefault(stem, word)
    members = {
        key: [n for n, found in stems.items() if any(related(key, s) for s in found)]
        for key in surface
    }
    order = [number for number, _ in notes]
    groups: list[tuple[str, str, tuple[int, ...]]] = []
    taken: set[int] = set()
    while True:
        best = _best_key(members, stems, taken, order)
        if best is None:
            return tuple(groups)
        group = tuple(n for n in members[best] if n not in taken)
        taken.update(group)
        groups.append((_name(surface[best]), best, group))


def _best_key(
    members: dict[str, list[int]],
    stems: dict[int, dict[str, str]],
    taken: set[int],
    order: list[int],
) -> str | None:
    """The stem shared by most untaken notes; ties: more exact matches, earlier, shorter."""
    def rank(key: str) -> tuple[int, int, int, int]:
        free = [n for n in members[key] if n not in taken]
        exact = sum(key in stems[n] for n in free)
        return (-len(free), -exact, min(order.index(n) for n in free), len(key))

    candidates = [k for k in members if sum(n not in taken for n in members[k]) >= 2]
    return min(candidates, key=rank) if candidates else None


def _name(word: str) -> str:
    return word[:1].upper() + word[1:]


def suggest_clusters(state: PinboardState) -> tuple[Suggestion, ...]:
    """Suggestions per question among the visible notes that are in no cluster yet."""
    found: list[Suggestion] = []
    for number, question in enumerate(state.questions, start=1):
        free = [
            (note.number, note.text)
            for note in visible_notes(state, number)
            if cluster_of(state, note.number) is None
        ]
        for name, stem, notes in suggest_groups(free, question):
            found.append(Suggestion(question=number, name=name, stem=stem, notes=notes))
    return tuple(found)
