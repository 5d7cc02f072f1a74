#!/usr/bin/env python3
"""Write synthetic support conversations as JSON Lines for `tact import`.

No real customer records: names, products and wordings are drawn from small made-up lists,
deterministically (the same --seed gives the same file). Each case has an inbound message,
our reply, a second inbound message and a second reply.

    scripts/gen_conversations.py --messages 100000 > /tmp/conversations.jsonl
"""

import argparse
import datetime as dt
import json
import random
import sys

NAMES = ["Dana", "Ana", "Lee", "Kim", "Sam", "Noor", "Ravi", "Mia", "Tom", "Ines", "Yuki", "Omar"]
ITEMS = ["blue jacket", "coffee grinder", "garden chairs", "phone case", "desk lamp", "running shoes"]
CATEGORIES = ["delivery", "billing", "product_defect", "account_access", "outage_technical"]
COMPLAINTS = [
    "My {item} order {order} still hasn't arrived and the tracking hasn't moved in a week.",
    "You charged me twice for order {order}. I want the second charge back.",
    "The {item} arrived broken. This is the second time!",
    "I can't log in to my account since yesterday and I need my invoices.",
    "Your app has been down all morning, I can't do anything.",
]
FOLLOW_UPS = ["Thanks, I'll wait.", "Any news?", "Still nothing on my side.", "OK, thank you."]
REPLIES = [
    "Hi {name}, I'm sorry your {item} is late; that's our mistake. I've sent a replacement by express and you'll have it within 2 business days. I'll email you tomorrow with the tracking number. Please reply if anything else comes up.",
    "Hi {name}, I understand how frustrating a double charge is, and I'm sorry: we charged you twice for order {order}. I've refunded the second charge and it will show within 3-5 business days. We've added a check so it can't happen again.",
    "We apologize for any inconvenience. We'll look into it.",
    "Sorry if you were upset. Per our policy, there is nothing we can do.",
    "Hi {name}, thanks for letting us know, and I'm sorry the {item} arrived broken. You can choose a refund or a new one; I'll call you by Friday 5pm to arrange it.",
    "Dear valued customer, we're sorry but we're very busy. Your case has been escalated to T2.",
    "Hi {name}, I'm sorry you can't get into your account. Please reply with the email you sign in with and I'll reset it today; I'll update you by end of day.",
]
SECOND = [
    "Hi {name}, following up as promised: the replacement left our warehouse this morning. Let us know if anything else comes up.",
    "Thanks for your patience, {name}. It's sorted now; we'll check in next week to make sure all is well.",
    "Just a small delay, it will be fixed soon.",
]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--messages", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--start", default="2026-06-01T08:00:00+00:00")
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    t0 = dt.datetime.fromisoformat(args.start)
    out = sys.stdout
    cases = (args.messages + 3) // 4
    written = 0
    for c in range(cases):
        name = rnd.choice(NAMES)
        category = rnd.choice(CATEGORIES)
        facts = {"name": name, "item": rnd.choice(ITEMS), "order": f"{rnd.randint(10000, 99999)}"}
        opened = t0 + dt.timedelta(minutes=c * 7 + rnd.randint(0, 6))
        steps = [
            ("inbound", name, 0, rnd.choice(COMPLAINTS)),
            ("outbound", "Agent", rnd.randint(5, 600), rnd.choice(REPLIES)),
            ("inbound", name, rnd.randint(601, 1500), rnd.choice(FOLLOW_UPS)),
            ("outbound", "Agent", rnd.randint(1501, 4000), rnd.choice(SECOND)),
        ]
        for i, (direction, author, minutes, text) in enumerate(steps):
            if written == args.messages:
                break
            rec = {
                "id": f"{c}-{i}",
                "case": f"SYN-{c:06d}",
                "direction": direction,
                "author": author,
                "time": (opened + dt.timedelta(minutes=minutes)).isoformat().replace("+00:00", "Z"),
                "text": text.format(**facts),
                "channel": "email",
            }
            if i == 0:
                rec["category"] = category
            out.write(json.dumps(rec) + "\n")
            written += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
