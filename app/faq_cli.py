"""`twofa faq`: the classifier and its answers from the command line, with no account context, so the
classifier can be evaluated from outside (`--json -` reads one question per line from standard input)."""

from __future__ import annotations

import argparse
import json
import sys

from app.classifier import load_classifier
from domain.chat import faq


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = sub.add_parser("faq", help="classify a question and print the answer (no account context)")
    command.add_argument("question", help='the question, or "-" to read one question per line from stdin')
    command.add_argument("--json", action="store_true", help="print {intent, confidence, answer} as JSON")


def run(args: argparse.Namespace) -> int:
    classifier = load_classifier()
    questions = (line.rstrip("\n") for line in sys.stdin) if args.question == "-" else iter([args.question])
    for question in questions:
        prediction = classifier.classify_now(question)
        reply = faq.answer(prediction.intent, None, None)
        if args.json:
            record = {
                "intent": prediction.intent,
                "confidence": round(prediction.confidence, 4),
                "answer": reply.text,
            }
            print(json.dumps(record, ensure_ascii=False), flush=True)
        else:
            print(f"[{prediction.intent} {prediction.confidence:.2f}] {reply.text}", flush=True)
    return 0
