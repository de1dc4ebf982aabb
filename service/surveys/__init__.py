"""The participants' own verdict: a few questions by text after each hearing, and their answers."""
