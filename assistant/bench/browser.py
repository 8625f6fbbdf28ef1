"""How the benchmarks and the browser tests drive Debian's Chromium (never a downloaded browser)
and find xterm.js's terminals in the page, so both read the screen the same way."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# Headless, with nothing that reaches outside the machine (updates, sync, background fetches).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Run before the page's own script: keeps each xterm.js terminal the page makes (found by the
# property its constructor sets), so the screen's text can be read as the officer sees it.
KEEP_TERMINALS = """
(() => {
  const terminals = [];
  window.__crTerminals = terminals;
  Object.defineProperty(Object.prototype, "_addonManager", {
    configurable: true,
    set(value) {
      Object.defineProperty(this, "_addonManager", {value, writable: true, configurable: true});
      terminals.push(this);
    },
  });
})();
"""
