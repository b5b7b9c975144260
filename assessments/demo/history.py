"""The assessments of 2017 and 2018: no published breakdown, so they are drawn
from a seeded generator with proportions like those of 2019."""

import random

from assessments.demo.design import MHSA_UNITS, UNITS, Row

# Assessments per unit in a year of about 150 (2017) or 200 (2018).
UNIT_WEIGHTS = (31, 27, 14, 6, 5, 7, 4, 6)
EDUCATION_WEIGHTS = (("0", 1), ("1", 40), ("2", 3), ("3", 46), ("4", 10))
LABOUR_WEIGHTS = (("1", 45), ("2", 26), ("3", 7), ("4", 7), ("5", 6), ("6", 9))
SUPPORT_NEED_WEIGHTS = (
    ("1", 12), ("2", 8), ("4", 10), ("5", 4), ("6", 4), ("7", 3), ("9", 8), ("10", 3),
)  # fmt: skip


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def history_rows(rng: random.Random, count: int, first_index: int) -> list[Row]:
    """`count` assessments of one year; indexes go on from `first_index`."""
    rows = []
    for i in range(count):
        unit = rng.choices(UNITS, weights=UNIT_WEIGHTS)[0]
        age = round(rng.triangular(18, 84, 38))
        education = _weighted(rng, EDUCATION_WEIGHTS)
        labour = "2" if age >= 66 else _weighted(rng, LABOUR_WEIGHTS)
        mhsa = unit in MHSA_UNITS
        if rng.random() < 0.05:
            illnesses = ("0",)
        else:
            illnesses = tuple(
                code
                for code, chance in (("1", 0.6 if mhsa else 0.35), ("2", 0.5), ("3", 0.35))
                if rng.random() < chance
            ) or ("3",)
        needs = {"3"} if rng.random() < 0.8 else set()
        if illnesses != ("0",):
            needs.add("8")
        while len(needs) < rng.choice((1, 2, 2, 3, 3, 4)):
            needs.add(_weighted(rng, SUPPORT_NEED_WEIGHTS))
        rows.append(
            Row(
                index=first_index + i,
                unit=unit,
                group=("nv_" if education in "012" else "voc_")
                + ("unemployed" if labour == "1" else "other"),
                age=age,
                sex="female" if rng.random() < 0.35 else "male",
                education=education,
                labour=labour,
                illnesses=illnesses,
                support_needs=tuple(sorted(needs, key=int)),
            )
        )
    return rows
