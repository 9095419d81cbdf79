"""The 待审核 inbox (leaders) and the 被退回 list (whoever records): every source's items in one place."""

from __future__ import annotations

import streamlit as st

from culture_ledger.registry import Task, Todo
from dashboard.chrome import actor, as_text, ledger, open_record, run, t
from domain import clock
from plugins.review.tasks import of_state

DONE = "review_done"
"""The session key of the success message shown after the page reran on the new state."""


def _flash() -> None:
    message = st.session_state.pop(DONE, None)
    if message:
        st.success(message)  # the one message: it says how many, and where the recorder sees a return


def _page_titles() -> dict[str, str]:
    return {page.path: t(page.title) for page in ledger().registry.pages}


def _describe(task: Task) -> str:
    text = t(task.title, **task.params)
    return f"{task.who} · {text}" if task.who else text


def _where(task: Task, titles: dict[str, str]) -> str:
    parts = [titles.get(task.page, "")] if task.page else []
    if task.due:
        parts.append(t("review.due", day=task.due.isoformat()))
    return " · ".join(p for p in parts if p)


def inbox_page() -> None:
    led = ledger()
    st.title(t("review.page.inbox"))
    _flash()
    found = of_state(led, actor(), clock.today(), "review")
    total = sum(map(len, found.values()))
    if not total:
        st.info(t("review.inbox.empty"))
        return
    st.caption(t("review.inbox.caption", n=total))
    sources = {todo.key: todo for todo in led.registry.todos}
    titles = _page_titles()
    for key, tasks in found.items():
        todo = sources[key]
        st.subheader(t("review.source", source=t(todo.title), n=len(tasks)))
        if todo.decide is not None:
            _decide(todo, tasks, titles)
        else:
            _to_open(key, tasks, titles)


def _decide(todo: Todo, tasks: list[Task], titles: dict[str, str]) -> None:
    """Tick items, then confirm or return them together (all or none); a return needs a reason,
    the item's own or the one written for the batch."""
    key = todo.key.replace(".", "_")
    everything = st.checkbox(t("review.inbox.all", n=len(tasks)), key=f"inbox_all_{key}")
    for task in tasks:
        with st.container(border=True):
            cols = st.columns([5, 3, 1])
            cols[0].checkbox(as_text(_describe(task)), key=f"inbox_pick_{task.record}")
            cols[0].caption(_where(task, titles))
            cols[1].text_input(
                t("review.inbox.reason"), key=f"inbox_reason_{task.record}", placeholder=t("review.inbox.reason_hint")
            )
            if task.page and cols[2].button(t("review.open"), key=f"inbox_open_{task.record}"):
                open_record(task.page, task.record)
    reason = st.text_input(t("review.inbox.batch_reason"), key=f"inbox_batch_reason_{key}")
    cols = st.columns([1, 1, 3])
    confirm = cols[0].button(t("review.inbox.confirm"), key=f"inbox_confirm_{key}", type="primary")
    return_ = cols[1].button(t("review.inbox.return"), key=f"inbox_return_{key}")
    if not (confirm or return_):
        return
    chosen = [task for task in tasks if everything or st.session_state.get(f"inbox_pick_{task.record}")]
    if not chosen:
        st.warning(t("review.inbox.none_chosen"))
        return
    decision = "confirm" if confirm else "return"

    def own_reason(task: Task) -> str:
        return (st.session_state.get(f"inbox_reason_{task.record}") or "").strip() or reason.strip()

    decisions = [(task.record, decision, own_reason(task) if decision == "return" else "") for task in chosen]
    if decision == "return" and not all(why for _, _, why in decisions):
        st.error(t("review.inbox.reason_required"))  # nothing written: the batch is all or none
        return

    def decided(_: object) -> None:  # before run's rerun: say how many, and untick the batch
        st.session_state[DONE] = t(f"review.inbox.{decision}ed_n", n=len(decisions))
        for name in [f"inbox_all_{key}", f"inbox_batch_reason_{key}"]:
            st.session_state.pop(name, None)

    run(lambda: todo.decide(ledger(), actor(), decisions), done=None, then=decided)


def _to_open(key: str, tasks: list[Task], titles: dict[str, str]) -> None:
    """Items a leader settles on their own page (grade, rate, evaluate): each opens there."""
    for i, task in enumerate(tasks):
        with st.container(border=True):
            cols = st.columns([8, 1])
            cols[0].text(_describe(task))
            cols[0].caption(_where(task, titles))
            if task.page and cols[1].button(t("review.open"), key=f"inbox_go_{key}_{task.record or i}"):
                open_record(task.page, task.record)


def returned_page() -> None:
    led = ledger()
    st.title(t("review.page.returned"))
    _flash()
    found = of_state(led, actor(), clock.today(), "returned")
    if not found:
        st.info(t("review.returned.empty"))
        return
    st.caption(t("review.returned.caption", n=sum(map(len, found.values()))))
    titles = _page_titles()
    for key, tasks in found.items():
        for i, task in enumerate(tasks):
            with st.container(border=True):
                st.text(_describe(task))
                st.caption(_where(task, titles))
                st.text(t("review.returned.reason", reason=task.note or ""))
                if task.page and st.button(
                    t("review.returned.correct"), key=f"returned_open_{key}_{task.record or i}", type="primary"
                ):
                    open_record(task.page, task.record)
