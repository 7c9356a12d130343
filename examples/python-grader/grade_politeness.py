#!/usr/bin/env python3
"""An Assay command grader: reads {"case": ..., "output": ...} as JSON on stdin and prints
{"value": 0..1, "pass": bool, "reason": "..."} on its last line of stdout.

Scores a support reply for politeness: a greeting, a thank-you and no blunt phrases.
"""
import json
import sys

BLUNT = ("obviously", "as i said", "read the manual")


def grade(case, output):
    text = (output.get("text") or "").lower()
    checks = {
        "greets": any(w in text for w in ("hello", "hi ", "good morning")),
        "thanks": "thank" in text,
        "not blunt": not any(p in text for p in BLUNT),
    }
    missing = [name for name, ok in checks.items() if not ok]
    value = sum(checks.values()) / len(checks)
    reason = "polite" if not missing else "missing: " + ", ".join(missing)
    return {"value": round(value, 4), "pass": not missing, "reason": reason}


if __name__ == "__main__":
    request = json.load(sys.stdin)
    print(json.dumps(grade(request["case"], request["output"])))
