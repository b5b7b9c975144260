"""The 326 service-need assessments of 2019, designed cell by cell.

DOMAIN.md ("Analysis of the service-need assessments") publishes the
figures of the project's 2019 analysis.  The demo reproduces them exactly
(as whole numbers) by allocation rather than by chance: the assessments are
split into cells of unit x education x unemployment, each cell gets its count
and mean age, and the other attributes are dealt out with exact counts.
Pure Python: no database, so the design can be checked on its own.

Definitions, as assessments/tests/test_demo_figures.py counts them:
* without vocational education: education code 0, 1 or 2;
* unemployed: labour-market status 1 (unemployed jobseeker);
* no health problem: the only illness code is 0.
"""

from dataclasses import dataclass

UNITS = (
    "mikkeli-as",
    "mikkeli-mipa",
    "seutu-mipa",
    "juva-as",
    "kangasniemi-as",
    "mantyharju-as",
    "puumala-as",
    "hirvensalmi-as",
)
MHSA_UNITS = ("mikkeli-mipa", "seutu-mipa")

# Education without a vocational degree ("nv") or with one ("voc"), and
# whether the client is an unemployed jobseeker.  Per cell: assessments per
# unit (in UNITS order) and their mean age.
CELLS = {
    "nv_unemployed": ((25, 23, 11, 3, 4, 4, 1, 2), (33, 33, 34, 39, 39, 37, 47, 39)),
    "nv_other": ((22, 20, 10, 6, 4, 6, 4, 2), (37, 36, 38, 46, 44, 44, 57, 44)),
    "voc_unemployed": ((25, 25, 13, 3, 3, 4, 2, 4), (40, 39, 40, 44, 45, 44, 52, 44)),
    "voc_other": ((28, 23, 11, 8, 7, 9, 5, 9), (52, 49, 51, 59, 57, 57, 58, 57)),
}
# Half the age range inside a cell of the group.
AGE_SPREAD = {"nv_unemployed": 10, "nv_other": 12, "voc_unemployed": 30, "voc_other": 32}
YOUNGEST, OLDEST = 18, 86
YOUNGEST_IN = ("nv_other", "mikkeli-mipa")
OLDEST_IN = ("voc_other", "puumala-as")

# Women per unit: 34 % overall, 38 % in adult social work, 29 % in mipä,
# 75 % in Juva, 26-40 % elsewhere.
WOMEN = {
    "mikkeli-as": 34,
    "mikkeli-mipa": 27,
    "seutu-mipa": 12,
    "juva-as": 15,
    "kangasniemi-as": 5,
    "mantyharju-as": 9,
    "puumala-as": 4,
    "hirvensalmi-as": 5,
}

# Education codes within the two education groups, youngest first.
EDUCATION = {"nv": (("2", 7), ("1", 137), ("0", 3)), "voc": (("3", 150), ("4", 29))}

# Labour-market status of those not unemployed, youngest first
# (students young, permanent pension oldest).
LABOUR = {
    "nv_other": (("5", 10), ("6", 8), ("4", 4), ("3", 8), ("2", 44)),
    "voc_other": (("5", 8), ("4", 20), ("3", 15), ("6", 12), ("2", 45)),
}

# Illnesses per group: (substance dependency "1", mental illness "2",
# none "0").  The rest of the sick have another illness ("3").
ILLNESSES = {
    "nv_unemployed": (50, 38, 2),
    "nv_other": (28, 38, 4),
    "voc_unemployed": (47, 32, 3),
    "voc_other": (25, 35, 7),
}

# SHL §11 support needs: 855 selections; health ("8") and money ("3") lead.
SUPPORT_NEED_SELECTIONS = 855
# The other needs in a weighted turn: daily living, inclusion and housing
# most often, a child's development least.
OTHER_SUPPORT_NEEDS = ("1", "4", "2", "9", "1", "4", "6", "2", "1", "5", "4", "10", "9", "7")


@dataclass
class Row:
    """One designed assessment of 2019 (and its client)."""

    index: int
    unit: str
    group: str
    age: int
    sex: str = "male"
    education: str = ""
    labour: str = "1"
    illnesses: tuple = ()
    support_needs: tuple = ()

    @property
    def no_vocational(self) -> bool:
        return self.group.startswith("nv")

    @property
    def unemployed(self) -> bool:
        return self.labour == "1"

    @property
    def substance(self) -> bool:
        return "1" in self.illnesses

    @property
    def mental(self) -> bool:
        return "2" in self.illnesses


def _ages(n: int, mean: int, spread: int) -> list[int]:
    """n ages spread evenly around the mean, youngest first."""
    if n == 1:
        return [mean]
    ages = [round(mean + spread * (2 * (i + 0.5) / n - 1)) for i in range(n)]
    return [min(max(age, YOUNGEST + 1), OLDEST - 1) for age in ages]


def _mixed(rows: list[Row], salt: int) -> list[Row]:
    """A fixed shuffle (multiplicative stride) that mixes units and ages."""
    return sorted(rows, key=lambda row: (row.index * 7919 + salt * 104729) % 1009)


def _deal(rows: list[Row], counts, attribute: str) -> None:
    """Give the values in order, `count` rows each, to rows in their order."""
    values = [value for value, count in counts for _ in range(count)]
    assert len(values) == len(rows), (attribute, len(values), len(rows))
    for row, value in zip(rows, values, strict=True):
        setattr(row, attribute, value)


def _spaced(rows: list[Row], k: int) -> list[Row]:
    """k rows spread evenly over the list."""
    n = len(rows)
    return [rows[int((j + 0.5) * n / k)] for j in range(k)] if k else []


def _in_cell(rows: list[Row], cell: tuple[str, str]) -> list[Row]:
    return [row for row in rows if (row.group, row.unit) == cell]


def _by_age(rows: list[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row.age, row.index))


def design_2019() -> list[Row]:
    """The 326 rows, deterministic."""
    rows: list[Row] = []
    for group, (counts, means) in CELLS.items():
        for unit, n, mean in zip(UNITS, counts, means, strict=True):
            for age in _ages(n, mean, AGE_SPREAD[group]):
                rows.append(Row(index=len(rows), unit=unit, group=group, age=age))
    min(_in_cell(rows, YOUNGEST_IN), key=lambda r: r.age).age = YOUNGEST
    max(_in_cell(rows, OLDEST_IN), key=lambda r: r.age).age = OLDEST

    for unit in UNITS:
        unit_rows = _mixed([r for r in rows if r.unit == unit], salt=1)
        for row in _spaced(unit_rows, WOMEN[unit]):
            row.sex = "female"

    for prefix, counts in EDUCATION.items():
        _deal(_by_age([r for r in rows if r.group.startswith(prefix)]), counts, "education")
    for group, counts in LABOUR.items():
        _deal(_by_age([r for r in rows if r.group == group]), counts, "labour")

    for group, (substance, mental, healthy) in ILLNESSES.items():
        members = [r for r in rows if r.group == group]
        # The healthy are spread over the group; mipä clients come first for
        # substance dependency and mental illness.
        well = {id(r) for r in _spaced(_mixed(members, salt=2), healthy)}
        sick = [r for r in members if id(r) not in well]
        order_1 = sorted(_mixed(sick, salt=3), key=lambda r: r.unit not in MHSA_UNITS)
        order_2 = sorted(_mixed(sick, salt=4), key=lambda r: r.unit not in MHSA_UNITS)
        has_1 = {id(r) for r in order_1[:substance]}
        has_2 = {id(r) for r in order_2[:mental]}
        for position, row in enumerate(members):
            if id(row) in well:
                row.illnesses = ("0",)
                continue
            codes = [c for c, has in (("1", has_1), ("2", has_2)) if id(row) in has]
            if not codes or row.age >= 60 or position % 5 == 0:
                codes.append("3")
            row.illnesses = tuple(codes)

    _support_needs(rows)
    return rows


def _support_needs(rows: list[Row]) -> None:
    """Health-related need ("8") for everyone with an illness, financial ("3")
    for most, then the other needs in a weighted turn up to the published total."""
    needs = {}
    for row in rows:
        chosen = []
        if row.illnesses != ("0",):
            chosen.append("8")
        if row.labour in ("1", "3", "5", "6") or row.index % 3:
            chosen.append("3")
        needs[row.index] = chosen
    missing = SUPPORT_NEED_SELECTIONS - sum(len(chosen) for chosen in needs.values())
    turn = 0
    while missing > 0:
        for row in _mixed(rows, salt=5 + turn):
            if missing == 0:
                break
            chosen = needs[row.index]
            start = row.index * 5 + turn * 3
            for step in range(len(OTHER_SUPPORT_NEEDS)):
                code = OTHER_SUPPORT_NEEDS[(start + step) % len(OTHER_SUPPORT_NEEDS)]
                if code not in chosen:
                    chosen.append(code)
                    missing -= 1
                    break
        turn += 1
    for row in rows:
        row.support_needs = tuple(sorted(needs[row.index], key=int))
