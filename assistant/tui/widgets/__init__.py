"""Widgets of the chat UI: transcript messages, the result, the side panel and the input."""
