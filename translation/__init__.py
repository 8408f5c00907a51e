"""Per-language translation work on top of wagtail-localize: what each language's
translation was made from (recording), which translations are up to date, out of
date or missing (status), and the per-language actions translators take (actions)."""
