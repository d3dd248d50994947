"""Workshop formats as pure state machines: no I/O, no Telegram, no SQL."""
