"""The session cookie: two small HTTP routes beside Streamlit's own, on its server.

A page talks to the server over its websocket, which cannot set a cookie; these routes can.
Signing in (dashboard/login.py) starts a session in the store and hands the page a one-time
ticket; the page posts it to `/_session/start`, which answers with the session's token in an
HttpOnly, SameSite=Lax cookie (Secure over https). A reload or a new tab sends the cookie with
its websocket handshake (`st.context.cookies`) and goes on in the same session. Signing out
ends the session in the store; the login page then posts to `/_session/end`, which clears the
cookie.

They are mounted through Streamlit's own ASGI app (`st.App(..., routes=...)`, see
streamlit_server.py), which `streamlit run` serves as it serves a plain script.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response
    from starlette.routing import Route

COOKIE = "culture_ledger_session"
START, END = "_session/start", "_session/end"


def base_path() -> str:
    """The server's base path ('' or '/ledger' for server.baseUrlPath = "ledger")."""
    from streamlit import config

    base = (config.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}" if base else ""


def _ledger() -> Any:
    """The server's ledger: the one the pages use (Streamlit's resource cache holds it)."""
    from dashboard.chrome import _open_ledger
    from event_store.store import store_url

    return _open_ledger(store_url())


def _same_origin(request: Request) -> bool:
    """A page of this server posted it (not another site's form: no signing a browser into a stranger's session)."""
    if request.headers.get("sec-fetch-site") not in (None, "same-origin"):
        return False
    origin = request.headers.get("origin")
    if origin is None:
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host")


def _secure(request: Request) -> bool:
    """Served over https, directly or behind a proxy that says so."""
    from streamlit import config

    forwarded = request.headers.get("x-forwarded-proto", "").split(",")[0].strip()
    return request.url.scheme == "https" or forwarded == "https" or bool(config.get_option("server.sslCertFile"))


async def start(request: Request) -> Response:
    """Trade the ticket of a sign-in for the session cookie."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    if not _same_origin(request):
        return Response(status_code=403)
    form = await request.form()
    ticket = str(form.get("ticket") or "")
    led = _ledger()
    token = await run_in_threadpool(led.sessions.issue, ticket)
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        COOKIE,
        token,
        max_age=led.sessions.lifetime_seconds(),
        path=base_path() or "/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return response


async def end(request: Request) -> Response:
    """Clear the cookie once its session is over (the page that signed out has ended it already).

    A cookie naming a session that is still open is left alone: it is a newer sign-in in another
    tab of this browser, which an older tab showing the login page must not end."""
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    if not _same_origin(request):
        return Response(status_code=403)
    token = request.cookies.get(COOKIE)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    if token and await run_in_threadpool(_ledger().sessions.is_open, token):
        return response
    response.delete_cookie(COOKIE, path=base_path() or "/", httponly=True, samesite="lax", secure=_secure(request))
    return response


def routes() -> list[Route]:
    from starlette.routing import Route

    return [
        Route(f"{base_path()}/{START}", start, methods=["POST"]),
        Route(f"{base_path()}/{END}", end, methods=["POST"]),
    ]


def script(action: str, ticket: str | None = None) -> str:
    """The few lines of JavaScript a page runs to post to a route (the ticket is ours: url-safe text)."""
    body = f"new URLSearchParams({{ticket: {ticket!r}}})" if ticket else "new URLSearchParams()"
    return (
        f"<script>fetch({(base_path() + '/' + action)!r}, "
        f"{{method: 'POST', credentials: 'same-origin', body: {body}}});</script>"
    )
