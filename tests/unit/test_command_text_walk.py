"""Every command is looked at twice for text no record may hold (a NUL, a lone surrogate, text that
draws nothing, a day outside the ledger's years): a quick walk over the parsed command, and, only
when it has a doubt, the thorough walks that name each field. The quick walk may doubt more than it
must, never less: whatever it lets through, the thorough walks find nothing in, and it counts the
command's text as they do."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel

from culture_ledger import validation
from domain import clock

BLANK = sorted(validation._BLANK_LETTERS)
pieces = st.one_of(
    st.sampled_from(
        ["王建国", "《机构编制工作条例》", "党章", " ", "\u3000", "\x00", "\ud800", "\u200b", "a", "\t", *BLANK]
    ),
    st.text(max_size=6),
)
texts = st.lists(pieces, max_size=4).map("".join)


class Step(BaseModel):
    note: str
    on: date


class Command(BaseModel):
    title: str
    tags: list[str]
    day: date
    minutes: int
    steps: list[Step]


@settings(max_examples=400, deadline=None)
@given(
    title=texts,
    tags=st.lists(texts, max_size=3),
    day=st.dates(),
    notes=st.lists(st.tuples(texts, st.dates()), max_size=2),
)
def test_the_quick_walk_lets_through_only_commands_the_thorough_walks_find_nothing_in(title, tags, day, notes):
    command = Command.model_construct(
        title=title, tags=tags, day=day, minutes=30, steps=[Step.model_construct(note=n, on=d) for n, d in notes]
    )
    dumped = command.model_dump()
    with clock.one_day():
        quick = validation._clean_text_length(command)
        found = [*validation._unstorable_text(dumped), *validation._implausible(dumped)]
    if found:
        assert quick is None, found
    if quick is not None:
        assert quick == validation._text_length(dumped)


def test_ordinary_chinese_text_and_a_recent_day_pass_the_quick_walk():
    command = Command(title="学习《机构编制工作条例》", tags=["党章"], day=clock.today(), minutes=60, steps=[])
    assert validation._clean_text_length(command) == validation._text_length(command.model_dump())


def test_text_of_blank_letters_alone_is_doubted():
    command = Command.model_construct(title="\u3164\u3164", tags=[], day=clock.today(), minutes=1, steps=[])
    assert validation._clean_text_length(command) is None
