"""The HTML the server sends: the page holding the terminal, and the short pages that say why
a browser was turned away.

The terminal page is textual-serve's own (the same script, xterm.js styles and Roboto Mono font,
all served from this machine), less its link to Google Fonts and its inline event handlers. It
works on a phone: a viewport tag, and a font size chosen for the screen's width.
"""

from __future__ import annotations

import html

# Sent with every page: the page may load and connect to nothing but this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)
# The notices, static files and downloads: nothing runs, nothing is fetched.
OTHER_RESPONSES_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

_TERMINAL_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{title}</title>
<link rel="stylesheet" href="static/css/xterm.css">
<style>
@font-face {{
  font-family: "Roboto Mono";
  src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700;
  font-style: normal;
}}
@font-face {{
  font-family: "Roboto Mono";
  src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype");
  font-weight: 100 700;
  font-style: italic;
}}
html, body {{ margin: 0; padding: 0; height: 100%; overflow: hidden; background: #0c181f; }}
.textual-terminal {{ width: 100vw; height: 100vh; height: 100dvh; }}
.dialog-container {{
  position: absolute; inset: 0; display: flex; align-items: center; justify-content: center;
  z-index: 10;
}}
.shade {{ position: absolute; inset: 0; background: #0c181f; }}
.intro {{
  max-width: 90vw; width: 640px; padding: 24px; z-index: 20; box-sizing: border-box;
  font: 16px "Roboto Mono", menlo, monospace; text-align: center;
  color: rgba(255, 255, 255, 0.95); background-color: #12232d;
}}
button {{
  padding: 16px 32px; margin: 16px auto 0; display: block; border: none; cursor: pointer;
  background-color: #1f5f8b; color: #fff; font: 16px "Roboto Mono", menlo, monospace;
}}
body.-first-byte .intro-dialog {{ display: none; }}
.textual-terminal {{ opacity: 0; }}
body.-first-byte .textual-terminal {{ opacity: 1; transition: opacity 0.2s ease-out; }}
.closed-dialog {{ display: none; }}
body.-closed .closed-dialog {{ display: flex; }}
</style>
<script src="static/js/textual.js"></script>
</head>
<body>
<div class="dialog-container intro-dialog"><div class="shade"></div>
  <div class="intro"><div>{heading}</div><div>Opening…</div></div></div>
<div class="dialog-container closed-dialog"><div class="shade"></div>
  <div class="intro"><div>Session ended.</div>
  <button type="button" id="start-again">Start a new session</button></div></div>
<div id="terminal" class="textual-terminal" data-font-size="16"></div>
<script nonce="{nonce}">
(function () {{
  var terminal = document.getElementById("terminal");
  var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
  terminal.dataset.sessionWebsocketUrl = scheme + window.location.host + "/ws/{ticket}";
  var asked = parseInt(new URLSearchParams(window.location.search).get("fontsize"), 10);
  // About 45 columns on a 390-pixel phone; 16 pixels (textual-serve's size) from 800 up.
  var width = window.innerWidth;
  terminal.dataset.fontSize = String(asked > 0 ? asked : width < 800 ? 14 : 16);
  // textual-serve's script opens each download in a new tab, which a browser's pop-up
  // blocker stops (it does not follow a click): a link to it, clicked here, is not stopped.
  var openWindow = window.open.bind(window);
  window.open = function (url, target) {{
    var address = new URL(url, window.location.href);
    var here = address.origin === window.location.origin;
    if (here && address.pathname.indexOf("/download/") === 0) {{
      var link = document.createElement("a");
      link.href = address.href;
      link.download = "";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return null;
    }}
    return openWindow(url, target);
  }};
  document.getElementById("start-again").addEventListener("click", function () {{
    window.location.href = window.location.pathname;
  }});
}})();
</script>
</body>
</html>
"""

_NOTICE_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ margin: 0; padding: 24px; background: #0c181f; color: #fff;
  font: 18px/1.5 system-ui, sans-serif; }}
main {{ max-width: 36em; margin: 10vh auto; }}
a {{ color: #9fd3ff; }}
</style>
</head>
<body><main><h1>{heading}</h1><p>{message}</p>{action}</main></body>
</html>
"""


def terminal_page(title: str, ticket: str, nonce: str) -> str:
    return _TERMINAL_PAGE.format(
        title=html.escape(title), heading=html.escape(title), ticket=ticket, nonce=nonce
    )


def notice_page(title: str, heading: str, message: str, retry: bool = False) -> str:
    action = '<p><a href="/">Try again</a></p>' if retry else ""
    return _NOTICE_PAGE.format(
        title=html.escape(title),
        heading=html.escape(heading),
        message=html.escape(message),
        action=action,
    )
