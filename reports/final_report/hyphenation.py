"""Finnish hyphenation for WeasyPrint's `hyphens: auto`.

Pyphen, which WeasyPrint hyphenates with, ships no Finnish dictionary, and
Debian has none outside TeX.  Finnish syllables follow simple rules, which
the Liang patterns in hyph_fi.dic spell out (as TeX's rule-based Finnish
patterns do):

1. a syllable starts at a consonant followed by a vowel: ta-lo, kis-sa,
   ank-ka, sosi-aa-li-työ;
2. two vowels that are neither a long vowel nor a diphthong (ai, ei, oi, ui,
   yi, äi, öi, au, eu, iu, ou, ey, iy, äy, öy, ie, uo, yö) belong to two
   syllables: so-si-aa-li, ra-di-o, kehit-tä-jä-a-si-a-kas;
3. the consonants that begin a (loan) word stay together: stra-te-gi-a.

Compound words are split by rule 1 too, which a dictionary-based hyphenator
would avoid; the print CSS keeps at least three letters on each side of a
break, which keeps such cases rare.

`patterns()` is the source of truth; hyph_fi.dic is its output, checked by a
test, so that WeasyPrint (through pyphen) can read it from disk.
"""

from pathlib import Path

import pyphen

DICTIONARY = Path(__file__).with_name("hyph_fi.dic")

VOWELS = "aeiouyäöå"
CONSONANTS = "bcdfghjklmnpqrstvwxzšž"
# Vowel pairs that stay in one syllable (besides long vowels).
DIPHTHONGS = frozenset(
    ["ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou"]
    + ["ey", "iy", "äy", "öy", "ie", "uo", "yö"]
)
# Clusters of three consonants that begin loanwords (stra-, spri-, skle-...).
INITIAL_TRIPLES = [(s, c, r) for s in "s" for c in "ptk" for r in "rl"]


def patterns() -> list[str]:
    """The Liang patterns of the three rules in the module docstring."""
    found = [f"1{c}{v}" for c in CONSONANTS for v in VOWELS]
    found += [
        f"{a}1{b}"
        for a in VOWELS
        for b in VOWELS
        if a != b and a + b not in DIPHTHONGS and "å" not in (a, b)
    ]
    found += [f".{a}2{b}" for a in CONSONANTS for b in CONSONANTS]
    found += [f".{a}{b}2{c}" for a, b, c in INITIAL_TRIPLES]
    return found


def dictionary_text() -> str:
    """hyph_fi.dic as it should read: the encoding line, then the patterns."""
    return "UTF-8\n" + "\n".join(patterns()) + "\n"


def install() -> None:
    """Make "fi" known to pyphen (and so to WeasyPrint); idempotent."""
    for key in ("fi", "fi_FI"):
        pyphen.LANGUAGES[key] = DICTIONARY
        pyphen.LANGUAGES_LOWERCASE[key.lower()] = key
