"""How well replies are understood: `python -m notifications.replies_bench [corpus dir]`.

Reads the labelled corpus (every tests/data/replies/*.jsonl, each a part named after its file:
text, context, language, intent, why) and prints, for each part: its size, accuracy overall,
per intent and per language, stop recall, false stops, stops read as no, yeses read as no, and
the confusion matrix, of the interpreter (the rules with the model beside them); then each
reader alone (the rules, the model), the time each takes per reply and the model file's size.
`--part FILE` (repeatable) measures only the files named, wherever they are.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from notifications import reply_model
from notifications.replies import Intent, interpret, read_by_rules

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "data" / "replies"
# The parts issue 17's targets are asserted on (tests/notifications/test_replies_corpus.py);
# any other *.jsonl in the folder (a new probe, an independent set) is measured beside them.
PARTS = ("dev", "heldout")


def load(part: str | Path, corpus: Path = CORPUS) -> list[dict]:
    """The labelled replies of one part of the corpus, or of a .jsonl file given by path."""
    path = Path(part) if str(part).endswith(".jsonl") else corpus / f"{part}.jsonl"
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def parts(corpus: Path = CORPUS) -> dict[str, Path]:
    """Every part in the folder, by name: dev and heldout first, then the others by name."""
    found = {p.stem: p for p in sorted(corpus.glob("*.jsonl"))}
    first = {name: found.pop(name) for name in PARTS if name in found}
    return first | found


@dataclass
class Score:
    """The figures of one part."""

    size: int = 0
    right: int = 0
    by_intent: Counter = field(default_factory=Counter)
    right_by_intent: Counter = field(default_factory=Counter)
    by_language: Counter = field(default_factory=Counter)
    right_by_language: Counter = field(default_factory=Counter)
    confusion: Counter = field(default_factory=Counter)
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.size if self.size else 0.0

    def count(self, gold: str, said: str) -> int:
        return self.confusion[(gold, said)]

    @property
    def stop_recall(self) -> float:
        stops = self.by_intent[Intent.stop.value]
        return self.count("stop", "stop") / stops if stops else 1.0

    @property
    def false_stops(self) -> int:
        return sum(n for (gold, said), n in self.confusion.items() if said == "stop" != gold)

    @property
    def stop_read_as_no(self) -> int:
        return self.count("stop", "no") + self.count("maybe_stop", "no")

    @property
    def yes_read_as_no(self) -> int:
        return self.count("yes", "no")


def by_rules(text: str) -> Intent:
    """The rules' reading alone."""
    return read_by_rules(text).intent


def by_model(text: str) -> Intent:
    """The model's most likely intent alone (unknown where it abstains)."""
    probs = reply_model.probabilities(text)
    return Intent(max(probs, key=probs.__getitem__) if any(probs.values()) else "unknown")


READERS: dict[str, Callable[[str], Intent]] = {"rules": by_rules, "model": by_model}


def score(rows: list[dict], reader: Callable[[str], Intent] = interpret) -> Score:
    """Interpret every reply of a part and count."""
    s = Score()
    for row in rows:
        gold, lang = row["intent"], row["language"]
        said = reader(row["text"]).value
        s.size += 1
        s.by_intent[gold] += 1
        s.by_language[lang] += 1
        s.confusion[(gold, said)] += 1
        if said == gold:
            s.right += 1
            s.right_by_intent[gold] += 1
            s.right_by_language[lang] += 1
        else:
            s.misses.append((gold, said, row["text"]))
    return s


def _pct(n: int, d: int) -> str:
    return f"{100 * n / d:5.1f} % ({n}/{d})" if d else "    -"


def table(scores: dict[str, Score]) -> str:
    """The figures of each part side by side, then each part's confusion matrix."""
    names = list(scores)
    lines = [f"{'':28}" + "".join(f"{n:>22}" for n in names)]

    def row(label: str, values: list[str]) -> None:
        lines.append(f"{label:28}" + "".join(f"{v:>22}" for v in values))

    row("replies", [str(scores[n].size) for n in names])
    row("accuracy", [_pct(scores[n].right, scores[n].size) for n in names])
    row(
        "stop recall",
        [_pct(scores[n].count("stop", "stop"), scores[n].by_intent["stop"]) for n in names],
    )
    row("false stops", [str(scores[n].false_stops) for n in names])
    row("stop (or maybe) read as no", [str(scores[n].stop_read_as_no) for n in names])
    row("yes read as no", [str(scores[n].yes_read_as_no) for n in names])
    for intent in Intent:
        row(f"  intent {intent.value}", [
            _pct(scores[n].right_by_intent[intent.value], scores[n].by_intent[intent.value])
            for n in names
        ])  # fmt: skip
    for lang in ("en", "es", "mixed", "none"):
        row(f"  language {lang}", [
            _pct(scores[n].right_by_language[lang], scores[n].by_language[lang]) for n in names
        ])  # fmt: skip
    intents = [i.value for i in Intent]
    for name in names:
        lines += ["", f"confusion matrix, {name} (rows: label, columns: read as)"]
        lines.append(f"{'':12}" + "".join(f"{i[:9]:>10}" for i in intents))
        for gold in intents:
            counts = [scores[name].count(gold, said) for said in intents]
            lines.append(f"{gold:12}" + "".join(f"{c:>10}" for c in counts))
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    """The command line: a corpus folder, `--part FILE` (repeatable), `--misses NAME`."""
    parser = argparse.ArgumentParser(
        prog="python -m notifications.replies_bench",
        description="Measure the reply interpreter on the labelled corpus of issue 17.",
    )
    parser.add_argument("corpus", nargs="?", type=Path, default=CORPUS,
                        help="folder of *.jsonl parts (default: tests/data/replies)")  # fmt: skip
    parser.add_argument("--part", action="append", type=Path, default=[], metavar="FILE",
                        help="measure only this .jsonl file (repeatable)")  # fmt: skip
    parser.add_argument("--misses", metavar="NAME", help="also list that part's misreadings")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Print the table; `--misses dev` also lists that part's misreadings."""
    args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    show = args.misses
    files = {path.stem: path for path in args.part} or parts(args.corpus)
    missing = [str(p) for p in files.values() if not p.is_file()]
    if missing:
        print(f"no such corpus file: {', '.join(missing)}", file=sys.stderr)
        return 2
    if not files:
        print(f"no *.jsonl corpus file in {args.corpus}", file=sys.stderr)
        return 2
    rows = {name: load(path) for name, path in files.items()}
    scores = {name: score(part) for name, part in rows.items()}
    print(table(scores))
    print(readers(rows))
    if show is not None and show not in scores:
        print(f"no part named {show}: {', '.join(scores)}", file=sys.stderr)
        return 2
    if show:
        print(f"\nmisread in {show}:")
        for gold, said, text in scores[show].misses:
            print(f"  {gold:>10} read as {said:<10} {text!r}")
    return 0


def readers(rows: dict[str, list[dict]]) -> str:
    """Each reader alone on each part, the time per reply, and the model file's size."""
    lines = ["", "each reader alone (accuracy, stop recall, stop or maybe read as no, yes read"
             " as no, false stops), and microseconds per reply over every part"]  # fmt: skip
    every = [row["text"] for part in rows.values() for row in part]
    for name, reader in {"combined": interpret, **READERS}.items():
        reader(every[0])  # the model's file is read once, before the clock starts
        started = time.perf_counter()
        for text in every:
            reader(text)
        per_reply = 1e6 * (time.perf_counter() - started) / len(every)
        lines.append(f"{name:10} {per_reply:8.0f} us per reply")
        for part, replies in rows.items():
            s = score(replies, reader)
            lines.append(
                f"  {part:20} {_pct(s.right, s.size):>22}  stop recall "
                f"{_pct(s.count('stop', 'stop'), s.by_intent['stop']):>20}  "
                f"{s.stop_read_as_no} {s.yes_read_as_no} {s.false_stops}"
            )
    size = reply_model.WEIGHTS.stat().st_size
    lines.append(f"model file {reply_model.WEIGHTS.name}: {size / 1024:.0f} KiB")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
