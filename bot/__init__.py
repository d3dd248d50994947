"""The Telegram adapter: wiring, handlers, live messages, timers, texts and the command line."""
