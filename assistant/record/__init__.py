"""The decision record: what the assistant advised in each finished case, for the LPU Lead's
oversight (issue 17). Identifiers only: never a name, free text or a crime reference.

UI-free: the plain-text mode, the TUI, the web server and ``cr-assistant oversight`` share it.
"""
