"""导入表格: pick a kind of sheet, download its template, upload the filled sheet, preview the
row report, import it (all or nothing, or the valid rows only). A progress bar follows the reading,
checking and writing; the uploader takes files up to the sheets' own limit (`sheets.MAX_BYTES`,
which its label and Streamlit's both say); each preview or import is in the access record."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from culture_ledger import sheets
from dashboard.chrome import actor, lang, ledger, record_access, t

MB = 1024 * 1024


def render() -> None:
    led = ledger()
    st.title(t("sheets.title"))
    st.caption(t("sheets.caption"))
    me = actor()
    kinds = {s.key: s for s in sheets.kinds_for(led.registry.sheets, me.role)}
    if not kinds:
        st.info(t("sheets.none"))
        return
    key = st.selectbox(
        t("sheets.kind"),
        list(kinds),
        format_func=lambda k: t(kinds[k].title),
        key="sheets_kind",
        placeholder=t("ui.choose"),
    )
    sheet = kinds[key]
    st.download_button(
        t("sheets.template"),
        sheets.template(led, sheet, lang()),
        file_name=f"{t(sheet.title)}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="sheets_template",
    )
    upload = st.file_uploader(
        t("sheets.file", mb=sheets.MAX_BYTES // MB),
        type=["xlsx", "csv"],
        key=f"sheets_file_{key}",
        max_upload_size=sheets.MAX_BYTES // MB,  # Streamlit's own limit and words agree with the reader's
    )
    accept_valid = st.checkbox(t("sheets.accept_valid"), help=t("sheets.accept_valid.help"), key="sheets_accept")
    cols = st.columns(2)
    preview = cols[0].button(t("sheets.preview"), key="sheets_preview", disabled=upload is None)
    write = cols[1].button(t("sheets.import"), key="sheets_import", type="primary", disabled=upload is None)
    if upload is None or not (preview or write):
        return
    bar = st.progress(0.0, text=t("sheets.progress.reading"))

    def progress(stage: str, done: float, rows: int) -> None:
        said = t(f"sheets.progress.{stage}")
        bar.progress(min(1.0, done), text=t("sheets.progress.rows", stage=said, rows=rows) if rows else said)

    try:
        report = sheets.load(
            led,
            sheet,
            upload.getvalue(),
            upload.name,
            me.via("import"),
            accept_valid=accept_valid,
            dry_run=preview,
            progress=progress,
        )
    except sheets.SheetRefused as refused:
        bar.empty()
        st.error(t("error.refused"))
        st.text(sheets.worded(led, refused.problem, lang()))  # it may quote the file's name: shown as text
        return
    record_access(
        "import:sheet",
        sheet=sheet.key,
        file=upload.name,
        sha256=report.sha256,
        rows=len(report.rows),
        written=report.written,
        dry_run=bool(preview),
    )
    said = sheets.summary(led, report, lang())
    if report.written:
        st.success(said)
        st.toast(t("sheets.imported", written=report.written), icon=":material/check_circle:")
    elif report.refused:
        st.error(said)
    else:
        st.info(said)
    if report.refused:
        st.markdown(f"**{t('sheets.refused_rows')}**")
        rows = [
            {
                t("sheets.col.row"): p.row,
                t("sheets.col.column"): t(p.column) if p.column else "",
                t("sheets.col.reason"): sheets.worded(led, sheets.Problem(p.key, p.params), lang()),
            }
            for p in report.problems
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True)
