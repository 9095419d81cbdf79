"""The scoring-rules page: every version and the one in force, publishing a new one, one period under
two versions side by side, and the period's scores under the rule in force each day."""

from __future__ import annotations

from datetime import timedelta

import streamlit as st

from dashboard.chrome import actor, as_text, form, ledger, period_picker, run, t
from domain import clock
from plugins.study.domain import PAPER_GRADES
from plugins.study.rules.book import DEFAULT_RULE, WEIGHT_KEYS, RuleBook, published_rules
from plugins.study.rules.queries import compare_rules, team_scores
from plugins.study.ui import is_leader, table

WORDS = "study.rules"


def rules_page() -> None:
    led = ledger()
    st.title(t("study.rules.title"))
    st.caption(t("study.rules.caption"))
    rules = published_rules(led)
    in_force = RuleBook(rules).in_force(clock.today())
    st.subheader(t("study.rules.versions"))
    versions = [DEFAULT_RULE, *rules]
    rows = [
        {
            "version": r.version,
            "name": t("study.rules.default") if r.id is None else r.name,
            "effective_from": "—" if r.id is None else r.effective_from,
            "target": r.daily_target_minutes,
            **{f"credit_{k}": v for k, v in r.credits.items()},
            **{f"weight_{k}": r.weights.get(k, 0.0) for k in WEIGHT_KEYS},
            "in_force": "✓" if r == in_force else "",
        }
        for r in versions
    ]
    table(rows, list(rows[0]), WORDS)

    if is_leader():
        with st.expander(t("study.rules.publish")):
            with form("publish_rules"):
                cols = st.columns(2)
                name = cols[0].text_input(t("study.rules.field.name"), key="rule_name")
                effective = cols[1].date_input(
                    t("study.rules.field.effective_from"), value=clock.today() + timedelta(days=1), key="rule_effective"
                )
                target = st.number_input(
                    t("study.rules.field.daily_target_minutes"),
                    value=in_force.daily_target_minutes,
                    min_value=1,
                    max_value=600,
                    key="rule_target",
                )
                cols = st.columns(3)
                credits = {
                    f"credit_{k}": cols[i].number_input(
                        t(f"study.rules.field.credit_{k}"), value=float(v), min_value=0.0, key=f"rule_credit_{k}"
                    )
                    for i, (k, v) in enumerate(in_force.credits.items())
                }
                cols = st.columns(4)
                paper = {
                    f"paper_{g}": cols[i].number_input(
                        t(f"study.rules.field.paper_{g}"),
                        value=float(in_force.paper_credits.get(g, 0)),
                        min_value=0.0,
                        key=f"rule_paper_{g}",
                    )
                    for i, g in enumerate(PAPER_GRADES)
                }
                cols = st.columns(len(WEIGHT_KEYS))
                weights = {
                    f"weight_{k}": cols[i].number_input(
                        t(f"study.rules.field.weight_{k}"),
                        value=float(in_force.weights.get(k, 0)),
                        min_value=0.0,
                        max_value=1.0,
                        step=0.05,
                        key=f"rule_weight_{k}",
                    )
                    for i, k in enumerate(WEIGHT_KEYS)
                }
                note = st.text_area(t("field.note"), key="rule_note")
                if st.form_submit_button(t("study.rules.publish"), type="primary"):
                    run(
                        lambda: led.study_rules.publish(
                            {
                                "name": name,
                                "effective_from": effective,
                                "daily_target_minutes": target,
                                **credits,
                                **paper,
                                **weights,
                                "note": note,
                            },
                            actor(),
                        ),
                        words=WORDS,
                        once="publish_rules",
                    )

    st.subheader(t("study.rules.compare"))
    period = period_picker("rules")
    labels = {r.version: (t("study.rules.default") if r.id is None else f"v{r.version} · {r.name}") for r in versions}
    cols = st.columns(2)
    a = cols[0].selectbox(
        t("study.rules.version_a"),
        list(labels),
        format_func=labels.get,
        index=max(0, len(labels) - 2),
        key="rules_a",
        placeholder=t("ui.choose"),
    )
    b = cols[1].selectbox(
        t("study.rules.version_b"),
        list(labels),
        format_func=labels.get,
        index=len(labels) - 1,
        key="rules_b",
        placeholder=t("ui.choose"),
    )
    side = compare_rules(led, period.start, period.end, versions[a], versions[b])
    st.caption(t("study.rules.compare_caption", start=period.start, end=period.end))
    cols = st.columns(2)
    for col, suffix, version in ((cols[0], "a", a), (cols[1], "b", b)):
        met = (side[f"days_met_{suffix}"] >= side["rule_days"]).mean() if len(side) else 0
        col.metric(t("study.rules.share_under", version=as_text(labels[version])), f"{met:.0%}")
        col.metric(
            t("study.rules.score_under", version=as_text(labels[version])),
            f"{side[f'score_{suffix}'].mean():.1f}" if len(side) else "–",
        )
    table(side, ["name", "department", "rule_days", "days_met_a", "days_met_b", "score_a", "score_b", "change"], WORDS)
    st.subheader(t("study.rules.in_force_results"))
    table(team_scores(led, period.start, period.end), ["name", "department", *WEIGHT_KEYS, "score"], WORDS)
