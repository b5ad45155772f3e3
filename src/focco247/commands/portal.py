"""focco247 portal: serve the requesters' pages."""

from __future__ import annotations

from typing import Annotated

import typer

app = typer.Typer(help="The requesters' pages: follow a call, close it and rate it.")


@app.callback()
def _group() -> None:
    """The requesters' pages: follow a call, close it and rate it."""


@app.command("serve")
def serve(
    host: Annotated[
        str, typer.Option("--host", help="Address to listen on (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8247,
) -> None:
    """Serve the requesters' pages (`call link` prints each call's address) until Ctrl-C.

    It listens on loopback by default: put a reverse proxy with HTTPS in front of it to
    reach requesters, and set portal.base_url to the address they use.

    Example: focco247 portal serve --port 8247
    """
    import logging

    import uvicorn

    from focco247.portal.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from focco247.i18n import _

    serving = _("Serving the requesters' pages on {address} (Ctrl-C stops).")
    print(serving.format(address=f"http://{host}:{port}/"), flush=True)
    # uvicorn's access log would write each link's token; our own log line cuts it out.
    uvicorn.run(
        create_app(),
        host=host,
        port=port,
        access_log=False,
        log_level="warning",
        server_header=False,
        proxy_headers=False,
        h11_max_incomplete_event_size=16 * 1024,
    )
