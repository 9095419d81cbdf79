"""运行状况: how every read model stands. One that could not apply an event stopped there; this
page says which, where and why, and an administrator rebuilds it once the cause is fixed."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from culture_ledger import health, timefmt
from dashboard.chrome import actor, announce, lang, ledger, run, t


def health_page() -> None:
    led = ledger()
    st.title(t("audit.health.title"))
    st.caption(t("audit.health.caption"))
    head = led.app.head()
    standings = health.standings(led)
    stopped = [s for s in standings if s.stop is not None]
    if stopped:
        st.error(t("audit.health.stopped", n=len(stopped), total=len(standings)))
    else:
        st.success(t("audit.health.all_current", total=len(standings), head=head))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("audit.health.col.readmodel"): t(s.title),
                    t("audit.health.col.reached"): max(s.position, 0),
                    t("audit.health.col.state"): t(
                        "audit.health.state.stopped"
                        if s.stop
                        else ("audit.health.state.current" if s.position >= head else "audit.health.state.catching_up")
                    ),
                }
                for s in standings
            ]
        ),
        hide_index=True,
    )
    may_rebuild = health.may_rebuild(actor().role)
    for s in stopped:
        st.subheader(t(s.title))
        st.warning(health.why(led, lang(), s.stop))
        st.text(f"{timefmt.labelled(t, t('audit.health.stopped_at'))}: {timefmt.shown(s.stop.stopped_at)}")
        st.caption(t("audit.health.detail"))
        st.code(f"{s.name} · {s.stop.error}\nculture-ledger rebuild {s.name}", language=None)
        if may_rebuild:
            st.caption(t("audit.health.rebuild_help"))
            if st.button(t("audit.health.rebuild"), key=f"audit_health_rebuild_{s.name}"):
                run(
                    lambda name=s.name: health.rebuild(led, name, actor()),
                    done=None,
                    then=lambda resumed: announce(
                        "audit.health.resumed" if resumed else "audit.health.still_stopped",
                        kind="success" if resumed else "warning",
                    ),
                )
        else:
            st.caption(t("audit.health.ask_admin"))


def read_models_check() -> None:
    """On the integrity page: rebuild every read model into a scratch copy and compare it with the
    live one; say after it ran whether they match, or the first difference."""
    from culture_ledger.health import difference_said
    from event_store.compare import compare_read_models

    led = ledger()
    st.subheader(t("audit.readmodels.title"))
    st.caption(t("audit.readmodels.caption"))
    if st.button(t("audit.readmodels.run"), key="audit_readmodels_run"):
        bar = st.progress(0.0)
        found = compare_read_models(
            led.app,
            led.runner.projections,
            led.readmodels,
            progress=lambda done, total: bar.progress(min(1.0, done / max(total, 1))),
        )
        bar.empty()
        st.session_state["audit_readmodels"] = (
            None if found is None else difference_said(led.registry, led.catalog, lang(), found),
            len(led.runner.projections),
        )
    if "audit_readmodels" in st.session_state:
        difference, total = st.session_state["audit_readmodels"]
        if difference is None:
            st.success(t("audit.readmodels.same", total=total))
        else:
            st.error(t("audit.readmodels.differs"))
            st.code(difference, language=None)


def stopped_count(led, who, today) -> int:
    """The navigation's count beside 运行状况: how many read models are stopped (as of this run's catch-up)."""
    return len(led.runner.stopped)
