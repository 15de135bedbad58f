import re

from hypothesis import given
from hypothesis import strategies as st

from pipeline.slug import MAX_SLUG_LENGTH, slugify, unique_slugs

SAFE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def test_examples() -> None:
    assert slugify("About the U.S.-Mexico Foundation") == "about-the-us-mexico-foundation"
    assert slugify("Acerca de la Fundación México–Estados Unidos") == (
        "acerca-de-la-fundacion-mexico-estados-unidos"
    )
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("***") == "section"


@given(st.text())
def test_any_title_gives_a_safe_nonempty_slug(title: str) -> None:
    slug = slugify(title)
    assert SAFE.match(slug), slug
    assert len(slug) <= 60


@given(st.lists(st.text(max_size=30), max_size=20))
def test_slugs_never_collide(titles: list[str]) -> None:
    slugs = unique_slugs(titles)
    assert len(set(slugs)) == len(titles)
    assert all(SAFE.match(s) for s in slugs)


def test_a_suffixed_slug_of_a_long_title_stays_within_the_limit_and_is_its_own_slug():
    title = "0" * 80  # found by the parser's property test: the suffix pushed it past 60
    first, second, third = unique_slugs([title, title, title])
    assert first == "0" * MAX_SLUG_LENGTH
    assert second == "0" * (MAX_SLUG_LENGTH - 2) + "-2"
    assert len(third) == MAX_SLUG_LENGTH and third.endswith("-3")
    assert all(slugify(slug) == slug for slug in (first, second, third))
