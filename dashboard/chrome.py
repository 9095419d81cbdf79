"""What every page shares: the ledger, the language, the current actor, errors, pickers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any
from uuid import uuid4

import streamlit as st

from culture_ledger.i18n import DEFAULT_LANGUAGE, LANGUAGES
from culture_ledger.ledger import Ledger, behind_while, submission
from culture_ledger.periods import Period
from dashboard import charts as _charts  # noqa: F401 - every chart in the user's language (its Altair theme)
from dashboard import streamlit_words
from domain import clock
from domain.actor import Actor
from domain.errors import AlreadySubmitted, InvalidCommand, LedgerError
from event_store.store import store_url


@st.cache_resource(show_spinner=False)
def _open_ledger(url: str) -> Ledger:
    return Ledger(url=url)


class _Drawing:
    """What one drawing of a page keeps (`drawing`): the store it reads, its ledger once caught up,
    and the reader's language."""

    __slots__ = ("url", "ledger", "caught_up", "lang")

    def __init__(self, url: str, lang: str):
        self.url, self.lang = url, lang
        self.ledger: Ledger | None = None
        self.caught_up = False


_drawing: ContextVar[_Drawing | None] = ContextVar("culture_ledger_drawing", default=None)


@contextmanager
def drawing() -> Iterator[None]:
    """While one page is drawn (`show_page`): its first `ledger()` catches the read models up and
    the later ones of that drawing do not read the log's head again, and `t()` takes the catalog
    and the language it looked up first. A drawing is one run of one page: the next run (after
    an action, a click) starts a new one, so it sees what was recorded meanwhile."""
    if _drawing.get() is not None:  # nested: the outer drawing goes on
        yield
        return
    token = _drawing.set(_Drawing(store_url(), st.session_state.get("lang", DEFAULT_LANGUAGE)))
    try:
        yield
    finally:
        _drawing.reset(token)


def _this_drawing() -> _Drawing | None:
    now = _drawing.get()
    return now if now is not None and now.url == store_url() else None


def ledger() -> Ledger:
    """The ledger for this server's store, caught up so a page shows what was just recorded.

    The first call of a page's drawing reads the log's head and catches the read models up; later
    calls of the same drawing return it as it is (a service's own save catches up what it wrote).
    The first call of a run also says what the last action did (`run` keeps its message across
    the rerun)."""
    now = _this_drawing()
    if now is not None and now.caught_up and now.ledger is not None:
        _say_what_was_done()
        return now.ledger
    led = _open_ledger(store_url())
    led.catch_up()
    if now is not None:
        now.ledger, now.caught_up = led, True
    _say_what_was_done()
    return led


def show_page(page: Any) -> None:
    """Draw a registered page; above it, say which of the read models it read have stopped and why
    (a read model that cannot apply an event stops there; the page shows what it held before)."""
    above = st.container()
    with drawing(), behind_while() as read:
        try:
            page.render()
        finally:
            if read:
                from culture_ledger.health import notice

                led = _open_ledger(store_url())
                for name in read:
                    above.warning(notice(led, lang(), name), icon=":material/sync_problem:")


def lang() -> str:
    now = _this_drawing()
    return now.lang if now is not None else st.session_state.get("lang", DEFAULT_LANGUAGE)


def _catalog_ledger() -> Ledger:
    now = _this_drawing()
    if now is None:
        return _open_ledger(store_url())
    if now.ledger is None:
        now.ledger = _open_ledger(now.url)
    return now.ledger


def t(key: str, **params: Any) -> str:
    """The text of `key` in the user's language: from the catalog of the server's (cached) ledger,
    without catching up the read models (a page shows hundreds, some a thousand strings per run:
    within a page's drawing the ledger and the language are looked up once)."""
    now = _this_drawing()
    if now is not None and now.ledger is not None:
        return now.ledger.catalog.t(now.lang, key, **params)
    return _catalog_ledger().catalog.t(lang(), key, **params)


_MARKUP = re.compile(r"[\\`*_\[\]<>$~|#]|:(?=[A-Za-z])|(?<=^)[-+=]|(?<=^\d)[.)]|(?<=^\d\d)[.)]", re.MULTILINE)
"""What Streamlit's markdown could read as markup: emphasis, links and images ([…](…), ![…](…)), code,
HTML, LaTeX ($), colour and badge directives (:red[…]), emoji codes (:smile:), tables, headings, and
a list marker at the start of a line. Other punctuation is left as it is."""


def as_text(value: Any) -> str:
    """A person's text (a name, a title, a reason) for a place Streamlit reads as markdown: a caption,
    a message, a subheader, an expander, tab, metric or widget label. Markup is escaped, so it shows
    exactly as typed and nothing in it loads (an image) or runs. In a table, `st.text` or a picker's
    option it is text already: pass it as it is there."""
    lines = [line.lstrip() if line[:1].isspace() else line for line in str(value).split("\n")]
    return _MARKUP.sub(lambda m: "\\" + m.group(0), "\n".join(lines))


def said_as_text(params: dict[str, Any]) -> dict[str, Any]:
    """A message's parameters with every text escaped (`as_text`): they may quote what someone typed."""
    return {k: as_text(v) if isinstance(v, str) else v for k, v in params.items()}


def language_picker() -> None:
    current = lang()
    choice = st.sidebar.selectbox(
        t("app.language"),
        LANGUAGES,
        index=LANGUAGES.index(current),
        format_func=lambda code: t(f"lang.{code}"),
        key="lang_picker",
        placeholder=t("ui.choose"),
    )
    if choice != current:
        st.session_state["lang"] = choice
        st.rerun()


def streamlit_in_language() -> None:
    """Streamlit's own words (the file uploader's, a form's "Press Enter", the grid's toolbar) in
    the user's language: Streamlit has no setting for them (dashboard/streamlit_words.py). Drawn
    once per page run, in the sidebar, where it takes no room. A picker's "Choose an option" is
    its `placeholder=t("ui.choose")`, which every selectbox and multiselect passes."""
    st.sidebar.html(streamlit_words.script(t, lang()), unsafe_allow_javascript=True)


def actor() -> Actor:
    """The signed-in actor of this session (the login gate sets it; page tests set it directly)."""
    current = st.session_state.get("actor")
    if current is None:
        st.warning(t("login.required"))
        st.stop()
    return current


RECORD_PARAM = "record"
"""The query parameter naming the record a page was opened on (`open_record`)."""


def open_record(path: str, record: str | None = None) -> None:
    """Go to the page at `path` (if the signed-in role sees it), opened on the record whose id is
    `record`: the page's record picker chooses it (`preselect`). The to-do list and the review inbox
    open the record a task is about this way."""
    pages = st.session_state.get("_pages", {})
    if path in pages:
        st.switch_page(pages[path], query_params={RECORD_PARAM: record} if record else None)


def opened_record() -> str | None:
    """The id of the record this page was opened on (`open_record`), until a picker chose it."""
    return st.query_params.get(RECORD_PARAM)


def rerun_on(record: str) -> None:
    """Run the page again, still opened on `record`: after an action changed it, its picker's labels
    changed too, and Streamlit would otherwise fall back to the picker's first option."""
    st.query_params[RECORD_PARAM] = record
    st.rerun()


def preselect(key: str, options: Any) -> None:
    """Choose the record the page was opened on in the picker `key`, once, if it is among `options`
    (call it just before drawing the picker); it stays pinned (`pinned_record`) while chosen."""
    wanted = opened_record()
    if wanted and wanted in options:
        st.session_state[key] = wanted
        st.session_state[f"{key}__pinned"] = wanted
        del st.query_params[RECORD_PARAM]


def pinned_record(key: str) -> str | None:
    """The record the page was opened on, for as long as the picker `key` still shows it: a page
    lists it whatever its filters (a returned record of last quarter), until the user picks another."""
    wanted = opened_record()
    if wanted:
        return wanted
    pinned = st.session_state.get(f"{key}__pinned")
    if pinned and st.session_state.get(key) == pinned:
        return pinned
    st.session_state.pop(f"{key}__pinned", None)
    return None


ACCESS_REPEAT_SECONDS = 600
"""The same access again within this time (a rerun of the page) is not recorded twice."""


def record_access(what: str, **detail: Any) -> None:
    """Record for the auditors that this session's actor opened or exported `what` (e.g.
    "page:audit-log", "export:log") over `detail` (the range, the filters).

    Call it on every audit page and with every export, before what it records is shown or handed
    over: a record that cannot be written says so and stops the page there (the action is not done).
    A rerun showing the same thing again within ACCESS_REPEAT_SECONDS is not recorded again; a
    changed range is."""
    import json
    import time

    from culture_ledger.access import AccessNotRecorded

    key = json.dumps(detail, sort_keys=True, ensure_ascii=False, default=str)
    seen = st.session_state.setdefault("_access_seen", {})
    now = time.time()
    last = seen.get(what)
    if last is not None and last[0] == key and now - last[1] < ACCESS_REPEAT_SECONDS:
        return
    try:
        ledger().access_log.record(actor(), what, detail)
    except AccessNotRecorded as exc:
        st.error(t(exc.key))
        st.stop()
    seen[what] = (key, now)


class Outcome:
    """What `run` did: truthy when the action was done; `value` is what the action returned."""

    def __init__(self, done: bool, value: Any = None):
        self.done, self.value = done, value

    def __bool__(self) -> bool:
        return self.done


_SAID = "_chrome_said"
"""Session state: the messages an action left for the next run of the page (after its rerun)."""


def announce(key: str, kind: str = "success", **params: Any) -> None:
    """Say `key` (a catalog key) on the page's next run, as a toast: what `run` does when an
    action succeeds; `then` callbacks use it to add a warning."""
    st.session_state.setdefault(_SAID, []).append((kind, key, params))


_ACTING = "_chrome_acting"
"""Session state: set while `run` runs an action and its `then`."""

_ICONS = {"success": ":material/check_circle:", "info": ":material/info:", "warning": ":material/warning:"}


def _say_what_was_done() -> None:
    """What the last action left to say: that it was done, in a toast; a warning (check what you
    recorded) stays on the page above it, where it cannot fade before it is read."""
    if st.session_state.get(_ACTING):  # an action's own ledger() calls: its messages wait for the rerun
        return
    for kind, key, params in st.session_state.pop(_SAID, None) or []:
        if kind == "warning":
            st.warning(t(key, **said_as_text(params)), icon=_ICONS[kind])
        else:
            st.toast(t(key, **said_as_text(params)), icon=_ICONS.get(kind), duration="long")


def submission_key(name: str) -> str:
    """The idempotency key of form `name` as drawn now: made when it is first drawn, kept in the
    session until a submission under it is recorded (then the next drawing gets a new one)."""
    return st.session_state.setdefault(f"_submission.{name}", uuid4().hex)


def change_key(action: str, account: str, record: Any, version: int) -> str:
    """The idempotency key of one person's `action` on a record as shown at `version`: the same
    click sent twice has the same key (the record's next version is a new key)."""
    return f"change:{action}:{account}:{record}:{version}"


def forget(*keys: str) -> None:
    """Let these widgets start from their defaults on the next run (after a form was recorded)."""
    for key in keys:
        st.session_state.pop(key, None)


EVERY_TAB = "_every_tab"
"""A session flag: `drawn_tabs` draw every tab's content in one run, as Streamlit's tabs do by
default (a reader of the whole page at once: the tests that read every word a page can show)."""


def drawn_tabs(entries: list[tuple[str, Callable[[], Any]]], key: str) -> None:
    """A page's tabs, each (label, what draws it), of which only the open one is drawn: a click on
    another tab reruns the page and draws that one (`st.tabs(on_change="rerun")`). Every tab drawn on
    every visit made the browser lay out the forms, tables and charts of all of them (on a carrier
    page most of the second a visit took in Chromium). `st.session_state[key] = label` opens a tab
    for the next run (a link to it, or a test)."""
    shown = st.tabs([label for label, _ in entries], key=key, on_change="rerun")
    every = st.session_state.get(EVERY_TAB, False)
    for (_, draw), tab in zip(entries, shown, strict=True):
        if every or tab.open is not False:
            with tab:
                draw()


def folded(label: str, key: str, draw: Callable[[], Any]) -> None:
    """A closed expander whose content is drawn only once it is opened (a click reruns the page and
    draws it; `st.expander(on_change="rerun")`): for content the browser is slow to draw and most
    readers never open, such as a stored event's JSON, which the code highlighter took seconds
    over in Chromium though the expander was closed. Under `EVERY_TAB` it is drawn closed, as before."""
    box = st.expander(label, key=key, on_change="rerun")
    if st.session_state.get(EVERY_TAB, False) or box.open:
        with box:
            draw()


def form(name: str, **kwargs: Any) -> Any:
    """`st.form` for one submission: its identity carries the form's idempotency key, so a second
    click still on its way when the first was recorded finds no such form and does nothing. Submit
    it through `run(..., once=name)`, which sends the key with the command."""
    return st.form(f"{name}_{submission_key(name)[:8]}", **kwargs)


def run(
    action: Callable[[], Any],
    done: str | None = "ui.saved",
    *,
    words: str | None = None,
    once: str | None = None,
    on: tuple[Any, int] | None = None,
    then: Callable[[Any], Any] | None = None,
) -> Outcome:
    """Run one service call for the user. Refused: say why, in the user's language, where the
    form is (nothing was written) and return a falsy Outcome. Done: say so (`done`, a catalog key)
    in a toast that survives the rerun, call `then(value)` (e.g. to keep the new record's id for
    the next run, or `announce` a warning), and rerun the page so every table, picker and figure
    shows the new state; it does not return then. `done=None`: the page says it itself (in `then`).

    Every form's submit and every action button goes through here; `words` as for `show_error`.
    `once` names the form (drawn with `form(name)`): its idempotency key goes with the command, so
    the same submission recorded twice writes nothing the second time (said as already done).
    A change of a record shown at a version (`on=(record id, version)`, with `once` naming the
    action) takes its key from them and the signed-in account: a second click on the same screen
    is said to be recorded already, not that the record changed meanwhile."""
    if on is not None:
        key = change_key(once or "change", actor().account, *on)
    else:
        key = submission_key(once) if once else None
    st.session_state[_ACTING] = True
    try:
        try:
            with submission(key, actor() if key else None):
                value = action()
        except AlreadySubmitted as exc:
            if on is None:
                st.session_state.pop(f"_submission.{once}", None)
            announce(exc.key, kind="info")
            st.rerun()
        except LedgerError as exc:
            show_error(exc, words=words)
            return Outcome(False)
        if once and on is None:
            st.session_state.pop(f"_submission.{once}", None)
        if done is not None:
            announce(done)
        if then is not None:
            then(value)
    finally:
        st.session_state.pop(_ACTING, None)
    st.rerun()
    return Outcome(True, value)  # not reached: st.rerun() ends this run


def show_error(exc: LedgerError, *, words: str | None = None) -> None:
    """Say what was refused, in the user's language; nothing was written.

    A refused field is named as the form names it (`<words>.field.<name>`, when the page says
    whose words its form uses: a notebook entry's `title` is 题目, a paper's 文章题目), else in
    the words of the plugin whose command it was, else in the shared words."""
    if isinstance(exc, InvalidCommand):
        catalog = _open_ledger(store_url()).catalog
        lines = [t("error.invalid")]
        for field, key, params in exc.errors:
            text = t(key, **said_as_text(_said(key, params)))
            if field == "_":  # the command as a whole
                lines.append(f"- {text}")
                continue
            # A nested field ("names.2") is labelled by its form field ("names").
            names = dict.fromkeys((field, field.split(".")[0]))
            keys = [f"{source}.field.{name}" for name in names for source in (words, exc.source) if source]
            keys += [f"field.{name}" for name in names]
            label = next((t(key) for key in keys if catalog.has(lang(), key)), None)
            # a field with no label in any catalog: the message alone, never the field's code
            lines.append(f"- {label}：{text}" if label else f"- {text}")
        st.error("\n".join(lines))
    else:
        st.error(t(exc.key, **said_as_text(_said(exc.key, exc.params))))


def _said(key: str, params: dict[str, Any]) -> dict[str, Any]:
    """Coded values in a message's parameters in the user's words: a value `v` of parameter `p`
    in a message of plugin `x` (`x.error.…`) reads as the catalog's `x.p.v` where there is one."""
    catalog, plugin = _open_ledger(store_url()).catalog, key.split(".")[0]
    return {
        p: t(f"{plugin}.{p}.{v}") if isinstance(v, str) and catalog.has(lang(), f"{plugin}.{p}.{v}") else v
        for p, v in params.items()
    }


def period_picker(key: str, kinds: tuple[str, ...] = ("day", "week", "month")) -> Period:
    """The calendar period of a chosen kind that holds a chosen day (this week by default)."""
    cols = st.columns(2)
    kind = (
        cols[0].segmented_control(
            t("ui.period"), kinds, default="week", key=f"{key}_kind", format_func=lambda k: t(f"ui.period.{k}")
        )
        or "week"
    )
    anchor = cols[1].date_input(t("ui.anchor"), value=clock.today(), key=f"{key}_anchor")
    return Period.containing(kind, anchor)


def printable_ledger(key: str, make: Callable[[], Any], name: str, **detail: Any) -> None:
    """A period's printable ledger (台账, a `paper.LedgerSheet` that `make` builds): made on a click,
    then downloaded as Excel and, where LibreOffice is installed, as PDF. `name` is the file's stem;
    `detail` (the period, the department) goes to the access log with the export."""
    from culture_ledger import paper

    with st.expander(t("paper.expander")):
        st.caption(t("paper.caption"))
        made_for = (name, tuple(sorted(detail.items())))
        if st.button(t("paper.make"), key=f"{key}_make"):
            sheet = make()
            made: dict[str, Any] = {"for": made_for, "xlsx": paper.ledger_xlsx(sheet), "pdf": None, "problem": None}
            if not paper.can_make_pdf():
                made["problem"] = t("paper.pdf_unavailable")
            else:
                try:
                    made["pdf"] = paper.to_pdf(paper.ledger_docx(sheet, lang()))
                except paper.PdfUnavailable as failed:
                    made["problem"] = t("paper.pdf_failed", reason=str(failed))
            record_access(f"export:ledger:{key}", file=name, **detail)  # first: unrecorded, nothing to download
            st.session_state[f"{key}_made"] = made
        made = st.session_state.get(f"{key}_made")
        if not made or made["for"] != made_for:
            return
        cols = st.columns(2)
        cols[0].download_button(
            t("paper.xlsx"),
            made["xlsx"],
            file_name=f"{name}.xlsx",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            key=f"{key}_xlsx",
        )
        if made["pdf"] is not None:
            cols[1].download_button(
                t("paper.pdf"), made["pdf"], file_name=f"{name}.pdf", mime="application/pdf", key=f"{key}_pdf"
            )
        elif made["problem"]:
            cols[1].info(made["problem"])
