"""Streamlit's own words (the file uploader's "Drag and drop files here", a form's "Press Enter to
submit form", the grid toolbar's "Download as CSV") in the user's language.

Streamlit 1.67 has no locale setting: these texts are fixed English in its frontend bundle. Where it
offers a parameter we pass it (`placeholder=t("ui.choose")` on every picker); for the rest, one
small script, drawn once per page run (`chrome.streamlit_in_language`), rewrites exactly these texts
inside Streamlit's own elements (those with a `data-testid`, its popovers and tooltips) as they
appear, and puts the English back when the user switches to English. The page's own content (labels,
markdown, options, table cells) is never touched: it is already in the user's language. Nothing in
site-packages is changed. The date picker's calendar follows the browser's language (an office's
browser is Chinese), and charts carry their locale in their specification (`dashboard.charts`).
"""

from __future__ import annotations

import json

WORDS: tuple[tuple[str, str], ...] = (
    # (Streamlit's English, as a whole text, a regular expression; the catalog key of its words)
    (r"Drag and drop a file here", "streamlit.drop_file"),
    (r"Drag and drop files here", "streamlit.drop_files"),
    (r"Drag and drop directories here", "streamlit.drop_folders"),
    (r"Upload", "streamlit.upload"),
    (r"Upload directories", "streamlit.upload_folders"),
    (r"Add files", "streamlit.add_files"),
    (r"file upload", "streamlit.file_upload"),
    (r"(.+) per file", "streamlit.per_file"),
    (r"File must be (.+) or smaller\.", "streamlit.too_big"),
    (r"(.+) files are not allowed\.", "streamlit.wrong_type"),
    (r"Press Enter to submit form", "streamlit.enter_submit"),
    (r"Press Enter to apply", "streamlit.enter_apply"),
    (r"Press (⌘|Ctrl)\+Enter to submit form", "streamlit.ctrl_enter_submit"),
    (r"Press (⌘|Ctrl)\+Enter to apply", "streamlit.ctrl_enter_apply"),
    (r"Select all", "streamlit.select_all"),
    (r"Select (\d+) matches", "streamlit.select_matches"),
    (r"Add: (.+)", "streamlit.add_option"),
    (r"No results", "streamlit.no_results"),
    (r"Clear all", "streamlit.clear_all"),
    (r"Download as CSV", "streamlit.download_csv"),
    (r"Download as PNG", "streamlit.download_png"),
    (r"Show data", "streamlit.show_data"),
    (r"Show chart", "streamlit.show_chart"),
    (r"Copy Vega-Lite spec", "streamlit.copy_spec"),
    (r"Copied!", "streamlit.copied"),
    (r"Copy to clipboard", "streamlit.copy"),
    (r"Sort ascending", "streamlit.sort_ascending"),
    (r"Sort descending", "streamlit.sort_descending"),
    (r"Hide column", "streamlit.hide_column"),
    (r"Pin column", "streamlit.pin_column"),
    (r"Unpin column", "streamlit.unpin_column"),
    (r"Autosize", "streamlit.autosize"),
    (r"Rerun", "streamlit.rerun"),
    (r"Settings", "streamlit.settings"),
    (r"Print", "streamlit.print"),
    (r"Clear cache", "streamlit.clear_cache"),
    (r"About", "streamlit.about"),
    (r"Search", "streamlit.search"),
    (r"Close Search", "streamlit.close_search"),
    (r"Fullscreen", "streamlit.fullscreen"),
    (r"Close fullscreen", "streamlit.close_fullscreen"),
    (r"Show/hide columns", "streamlit.columns"),
    (r"(\d+) options? available\.", "streamlit.options_available"),
    (r"(.+), selected", "streamlit.option_selected"),
    (r"Choose date", "streamlit.choose_date"),
    (r"Choose date range", "streamlit.choose_dates"),
    (r"Choose date, (.+)", "streamlit.choose_date_in"),
    (r"Choose date range, (.+)", "streamlit.choose_dates_in"),
    (r"Use arrow keys to navigate dates\. Enter to select\. Escape to close\.", "streamlit.calendar_keys"),
    (r"Skip to main content", "streamlit.skip_to_content"),
    (r"Loading\.\.\.", "streamlit.loading"),
    (r"Running\.\.\.", "streamlit.running"),
    (r"Open", "streamlit.open"),
    (r"Help for (.+)", "streamlit.help_for"),
    (r"Increment", "streamlit.increment"),
    (r"Decrement", "streamlit.decrement"),
    (r"Clear value", "streamlit.clear_value"),
    (r"Clear date", "streamlit.clear_date"),
    (r"Clear dates", "streamlit.clear_dates"),
    (r"Clear entry", "streamlit.clear_entry"),
    (r"Collapse sidebar", "streamlit.collapse_sidebar"),
    (r"Expand sidebar", "streamlit.expand_sidebar"),
    (r"Main menu", "streamlit.main_menu"),
    (r"Sidebar", "streamlit.sidebar"),
    (r"App pages", "streamlit.app_pages"),
    (r"Next month", "streamlit.next_month"),
    (r"Previous month", "streamlit.previous_month"),
    (r"Notifications", "streamlit.notifications"),
    (r"Link to heading", "streamlit.link_to_heading"),
    (r"Stop", "streamlit.stop"),
    (r"Close", "streamlit.close"),
)
"""Each text Streamlit draws itself with no parameter to change it, and its words in the catalog;
a group in the English (a size, a count) is `{value}` in the catalog's words."""


def rules(t, lang: str) -> list[list[str]]:
    """The rewriting rules for `lang` ([pattern, words with $1 for group 1]); none in English,
    where Streamlit's own words are already right. `t(key, **params)` reads the catalog in `lang`."""
    if lang == "en":
        return []
    return [[f"^{pattern}$", t(key, value="$1")] for pattern, key in WORDS]


SCRIPT = """<script>
(() => {
  // Streamlit's own English in the user's language (dashboard/streamlit_words.py says why).
  const state = window.__ledgerWords || (window.__ledgerWords = {rules: [], seen: new WeakMap()});
  state.rules = RULES.map(([pattern, words]) => [new RegExp(pattern), words]);
  // Streamlit's elements, its popovers and tooltips, and the announcements read to screen readers
  const SCOPE = '[data-testid], [data-baseweb="popover"], [data-baseweb="tooltip"], [role="tooltip"], '
    + '[data-live-announcer], [aria-live]';
  // the page's own words (labels, markdown, code, text) are already in the user's language
  const CONTENT = '[data-testid="stMarkdown"], [data-testid="stCaptionContainer"], [data-testid="stCode"], '
    + '[data-testid="stText"], [data-testid="stHeading"], [data-testid="stWidgetLabel"]';
  const ATTRIBUTES = ["aria-label", "title"];
  const say = (text) => {
    for (const [pattern, words] of state.rules) {
      if (pattern.test(text)) return text.replace(pattern, words);
    }
    return text;
  };
  // `seen` keeps, for each text node or attribute, the English Streamlit drew and what we wrote.
  const shown = (key, current, set) => {
    const before = state.seen.get(key);
    const english = before && current === before.wrote ? before.english : current;
    const wanted = /[A-Za-z]/.test(english) ? say(english.trim()) : english.trim();
    const text = wanted === english.trim() ? english : english.replace(english.trim(), wanted);
    if (text !== current) {
      state.seen.set(key, {english, wrote: text});
      set(text);
    }
  };
  const ours = (element) => element && element.closest(SCOPE) && !element.closest(CONTENT);
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (ours(node.parentElement)) shown(node, node.data, (text) => { node.data = text; });
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    for (const element of [node, ...node.querySelectorAll("[aria-label], [title]")]) {
      if (!element.closest(SCOPE)) continue;  // a label's help button is Streamlit's, its text the page's
      for (const name of ATTRIBUTES) {
        if (!element.hasAttribute(name)) continue;
        const seen = state.seen.get(element) || {};
        state.seen.set(element, seen);
        shown(seen[name] || (seen[name] = {}), element.getAttribute(name), (text) => element.setAttribute(name, text));
      }
    }
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let text = walker.nextNode(); text; text = walker.nextNode()) visit(text);
  };
  visit(document.body);
  if (!state.observer) {
    state.observer = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === "childList") change.addedNodes.forEach(visit);
        else visit(change.target);
      }
    });
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
    });
  }
})();
</script>"""


def script(t, lang: str) -> str:
    """The script that puts Streamlit's own words in `lang` on the page it is drawn on."""
    return SCRIPT.replace("RULES", json.dumps(rules(t, lang), ensure_ascii=False))
