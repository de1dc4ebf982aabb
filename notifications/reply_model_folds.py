"""The honest estimate: `python -m notifications.reply_model_folds` (needs the `train` extra).

Leave one file out: for each file of origin (dev split into the first development part and
the probes, as each reply's `origin` says; heldout; the blind sets), train the model on every
other file and read the one left out. Printed for the rules, the model and the combination:
- "rules now" are today's rules, tuned on every file: a flattering figure;
- with `--then`, "rules then" are the rules as they were when each file was first measured
  (`FIRST_MEASURED`, taken from git, so it needs the checkout's history), untuned on that file:
  the honest figure for the rules and for the combination. `dev0`, the part the rules were
  written on, has no untuned rules and keeps today's.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from notifications.replies import read_by_rules
from notifications.reply_model import CLASSES, Model, combine
from notifications.reply_model_train import corpus_rows, fit

# The commit at which each file was measured for the first time, before it was tuned on.
FIRST_MEASURED = {
    "heldout": "db5b55c", "probe1": "a33f11c", "probe2": "ef15cbf", "probe3": "f29b4eb",
    "probe4": "5c49dbe", "probe5": "9dca52e", "probe6": "5cbf4c5", "probe7": "cc75438",
    "probe8": "9bda279", "probe9": "30eda81", "probe10": "ed253bf", "probe11": "632e717",
    "independent": "965cb23", "blind2": "4c582e2", "blind3": "18a0343", "blind4": "339d8c1",
    "blind5": "ee086ed", "blind6": "3fe5a10",
}  # fmt: skip
ROOT = Path(__file__).resolve().parent.parent


def origins(rows: list[dict]) -> list[str]:
    """The files of origin, in corpus order."""
    return list(dict.fromkeys(r["origin"] for r in rows))


def model_folds(rows: list[dict]) -> np.ndarray:
    """Each reply's probabilities by a model trained without the reply's file of origin."""
    probs = np.zeros((len(rows), len(CLASSES)))
    for origin in origins(rows):
        model = Model(fit([r for r in rows if r["origin"] != origin]))
        for k, row in enumerate(rows):
            if row["origin"] == origin:
                probs[k] = list(model.probabilities(row["text"]).values())
    return probs


def rules_then(rows: list[dict]) -> list[str]:
    """Each reply read by the rules of the commit its file was first measured at."""
    said = [read_by_rules(r["text"]).intent.value for r in rows]
    for origin, commit in FIRST_MEASURED.items():
        at = [k for k, r in enumerate(rows) if r["origin"] == origin]
        if not at:
            continue
        with tempfile.TemporaryDirectory() as tree:
            archive = subprocess.run(
                ["git", "-C", str(ROOT), "archive", commit, "notifications"],
                capture_output=True,
                check=True,
            ).stdout
            subprocess.run(["tar", "-x", "-C", tree], input=archive, check=True)
            code = (
                "import json, sys\nfrom notifications import replies as r\n"
                # the rules alone, where the commit already had a model beside them
                "f = getattr(r, 'read_by_rules', None) or r.interpret\n"
                "said = [f(t) for t in json.load(sys.stdin)]\n"
                "print(json.dumps([getattr(s, 'intent', s).value for s in said]))"
            )
            out = subprocess.run(
                [sys.executable, "-c", code],
                cwd=tree,
                input=json.dumps([rows[k]["text"] for k in at]),
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        for k, intent in zip(at, json.loads(out), strict=True):
            said[k] = intent
    return said


def figures(pairs: list[tuple[str, str]]) -> str:
    """Accuracy, stop recall, stops read as no, yeses read as no, false stops."""
    right = sum(g == s for g, s in pairs)
    stops = [s for g, s in pairs if g == "stop"]
    caught = sum(s == "stop" for s in stops)
    as_no = sum(1 for g, s in pairs if g in ("stop", "maybe_stop") and s == "no")
    yes_no = sum(1 for g, s in pairs if g == "yes" and s == "no")
    false = sum(1 for g, s in pairs if s == "stop" != g)
    return (
        f"{100 * right / len(pairs):5.1f} %  {100 * caught / max(1, len(stops)):5.1f} % "
        f"({caught}/{len(stops)})  {as_no:3}  {yes_no:3}  {false:3}"
    )


def table(rows: list[dict], readers: dict[str, list[str]]) -> str:
    """Per file and over all, each reader's figures."""
    head = "accuracy  stop recall  stop->no  yes->no  false stops"
    lines = [f"{'file':12} {'reader':14} {head}"]
    for origin in [*origins(rows), "all"]:
        at = [k for k, r in enumerate(rows) if origin in ("all", r["origin"])]
        for name, said in readers.items():
            pairs = [(rows[k]["intent"], said[k]) for k in at]
            lines.append(f"{origin:12} {name:14} {figures(pairs)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the leave-one-file-out table."""
    args = list(sys.argv[1:] if argv is None else argv)
    rows = corpus_rows()
    probs = model_folds(rows)
    model = [CLASSES[p.argmax()] if p.any() else "unknown" for p in probs]  # abstained
    now = [read_by_rules(r["text"]) for r in rows]
    readers = {"rules now": [reading.intent.value for reading in now], "model": model}
    readers["combined now"] = [
        combine(
            reading.intent.value,
            dict(zip(CLASSES, p, strict=True)),
            settled=reading.settled,
            wanted=reading.wanted,  # as `replies.read` passes it (round 5): a stop taken back
        )
        for reading, p in zip(now, probs, strict=True)
    ]
    if "--then" in args:
        readers["rules then"] = rules_then(rows)
        readers["combined then"] = [
            combine(rule, dict(zip(CLASSES, p, strict=True)))
            for rule, p in zip(readers["rules then"], probs, strict=True)
        ]
    print(table(rows, readers))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
