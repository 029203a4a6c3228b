"""A reproducible corpus of varied follow-up drafts for the benchmarks (no external data)."""

from __future__ import annotations

import random
from pathlib import Path

GREETINGS = ["Dear Ms. {n},", "Hi {n},", "Hello {n},", "Dear Hiring Manager,", "Hey {n}!!", "Dear Dr. {n}:"]
NAMES = ["Chen", "Alvarez", "Okafor", "Lindahl", "Sam", "Priya", "Jordan", "Will", "Grace", "Keisha"]
OPEN = ["Thank you for meeting with me on {d} about the {r} role.", "Thx for the interview yesterday.",
        "I hope this email finds you well.", "Thank you for the tour of the {t} this morning."]
MIDDLE = ["Your point about the {t} backlog made a lot of sense, and it is close to what I did last spring.",
          "I was impressed by how the team keeps it's {t} running through the early shift.",
          "I enjoyed hearing how your clinics reduced no-shows with text reminders for the {t}.",
          "The {t} you showed me was super fun and I'm gonna read up on it :)",
          "Having cleared a similar {t} backlog of about 900 items, I left with a few concrete ideas.",
          "I am the perfect fit for your team and I believe I would be a valuable member of your team.",
          "When we spoke about the {t}, you said the biggest risk is a late delivery, e.g. to the U.S. office."]
CLOSE = ["I look forward to hearing from you.", "I would be glad to send the plan I mentioned.",
         "Let me know if u need anything else 🤞", "I remain very interested in the role."]
TOPICS = ["warehouse", "billing system", "sourdough starter", "ingestion pipeline", "release train",
          "vendor invoice", "night-shift rotation", "asthma study", "food truck", "regression checklist"]
ROLES = ["Data Analyst", "Operations Coordinator", "QA Tester", "Site Superintendent", "Line Cook"]
SIGNOFFS = ["Best regards,", "Sincerely,", "Cheers,", "Kind regards,", "Thanks again,"]


def drafts(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        fill = {"n": rnd.choice(NAMES), "d": rnd.choice(["Monday", "Tuesday"]), "r": rnd.choice(ROLES),
                "t": rnd.choice(TOPICS)}
        body = [rnd.choice(OPEN)] + rnd.sample(MIDDLE, rnd.randint(1, 4)) + [rnd.choice(CLOSE)]
        text = "\n\n".join([
            rnd.choice(GREETINGS), " ".join(body), rnd.choice(SIGNOFFS) + "\n" + rnd.choice(["Ana Ruiz", "Tom Lee"]),
        ])
        out.append(text.format(**fill) + "\n")
    return out


def write(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, text in enumerate(drafts(n)):
        p = folder / f"draft{i:04d}.txt"
        p.write_text(text, encoding="utf-8")
        paths.append(p)
    return paths
