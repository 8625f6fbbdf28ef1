"""``cr-assistant serve``: the assistant in a browser (textual-serve). Nothing else imports it."""
