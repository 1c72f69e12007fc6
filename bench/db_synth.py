#!/usr/bin/env python3
"""Writes N synthetic RECORD_FORMAT output records (JSON Lines) to stdout, for
bench/db_load.sh. Deterministic (seeded). Each record has about 1,100 chars of
text in 8 sentences, 12 entities with actor codes, 4 events with sources,
targets and a location, and one AGREE commitment with an amount, a period and
a previous commitment, like accord's output on a diplomatic news article.
Offsets are char offsets (the text is ASCII, so they are byte offsets too).

usage: db_synth.py N [SEED] > records.jsonl
"""
import json
import random
import sys

LEADERS = [
    ("Narendra Modi", "IND"), ("Shigeru Ishiba", "JPN"), ("Vladimir Putin", "RUS"),
    ("Emmanuel Macron", "FRA"), ("Olaf Scholz", "DEU"), ("Luiz Inacio Lula da Silva", "BRA"),
    ("Cyril Ramaphosa", "ZAF"), ("Anthony Albanese", "AUS"), ("Xi Jinping", "CHN"),
    ("Recep Tayyip Erdogan", "TUR"), ("Joko Widodo", "IDN"), ("Mark Carney", "CAN"),
]
PLACES = ["Tokyo", "New Delhi", "Moscow", "Paris", "Berlin", "Brasilia", "Pretoria", "Canberra", "Beijing", "Ankara"]
CURRENCIES = [("JPY", "yen", 1e12), ("USD", "US dollars", 1e9), ("EUR", "euros", 1e9), ("INR", "rupees", 1e11)]
TYPES = ["CONSULT", "SUPPORT", "COOPERATE", "AID", "REQUEST", "ACCUSE"]


def record(n, rng):
    text = []
    entities = []

    def add(s):
        text.append(s)

    def mention(s, kind, actor=None):
        start = sum(len(t) for t in text)
        add(s)
        e = {"id": "T%d" % (len(entities) + 1), "start": start, "end": start + len(s), "text": s, "type": kind}
        if actor:
            e["actor"] = {"country": actor, "sector": "GOV"}
        e["confidence"] = round(rng.uniform(0.6, 1.0), 3)
        entities.append(e)
        return e["id"]

    (a, ca), (b, cb) = rng.sample(LEADERS, 2)
    place = rng.choice(PLACES)
    code, word, scale = rng.choice(CURRENCIES)
    amount = rng.randint(1, 20)
    year = rng.randint(2020, 2025)
    sentences = []

    def sentence(parts):
        start = sum(len(t) for t in text)
        for p in parts:
            if isinstance(p, tuple):
                ids.append(mention(*p))
            else:
                add(p)
        add(" ")
        sentences.append({"start": start, "end": sum(len(t) for t in text) - 1})

    ids = []
    sentence(["Prime Minister ", (a, "PER", ca), " met ", (b, "PER", cb), " in ", (place, "LOC"),
              " on Tuesday for the annual summit between the two governments, their third meeting this year."])
    sentence(["The leaders reviewed cooperation in trade, defence, clean energy, semiconductors and critical minerals, "
              "and welcomed the progress made by their ministers since the last summit in ", (rng.choice(PLACES), "LOC"), "."])
    sentence([(a, "PER", ca), " said that the partnership with ", (b.split()[-1], "PER", cb),
              "'s government was a pillar of stability in a region facing many challenges."])
    money = "%s %d trillion" % (code, amount) if scale >= 1e12 else "%d billion %s" % (amount, word)
    sentence(["Both sides agreed to mobilise ", (money, "MONEY"), " of public and private investment over ",
              ("%d-%d" % (year, year + 5), "DATE"), ", building on the goal set in ", (str(year - 3), "DATE"), "."])
    sentence(["Officials from ", (rng.choice(PLACES), "LOC"), " and ", (rng.choice(PLACES), "LOC"),
              " will meet again next month to prepare the joint working groups on supply chains and skills."])
    sentence(["The two leaders also discussed regional security, maritime cooperation and reform of multilateral "
              "institutions, and exchanged views on developments in Eastern Europe and the Middle East."])
    sentence(["They condemned terrorism in all its forms and called for a peaceful settlement of disputes in "
              "accordance with international law, including the United Nations Convention on the Law of the Sea."])
    sentence(["The next summit will be held in ", (rng.choice(PLACES), "LOC"), " next year."])
    t = "".join(text).rstrip()
    by_id = {e["id"]: e for e in entities}
    leaders = [e["id"] for e in entities if e["type"] == "PER"]
    locs = [e["id"] for e in entities if e["type"] == "LOC"]
    money_id = next(e["id"] for e in entities if e["type"] == "MONEY")

    def trigger(word):
        start = t.index(word)
        return {"start": start, "end": start + len(word), "text": word}

    value = amount * scale
    events = [
        {"id": "E1", "type": "CONSULT", "mode": "visit", "context": ["diplomatic"], "trigger": trigger("met"),
         "sources": [leaders[0]], "targets": [leaders[1]], "location": locs[0], "time": None, "commitment": None,
         "confidence": 0.93, "sentence": 0},
        {"id": "E2", "type": rng.choice(TYPES), "mode": None, "context": ["economic"], "trigger": trigger("reviewed"),
         "sources": [leaders[0], leaders[1]], "targets": [leaders[1], leaders[0]], "location": None, "time": None,
         "commitment": None, "confidence": 0.71, "sentence": 1},
        {"id": "E3", "type": "SUPPORT", "mode": None, "context": ["diplomatic"], "trigger": trigger("said"),
         "sources": [leaders[2]], "targets": [leaders[3]], "location": None, "time": None, "commitment": None,
         "confidence": 0.66, "sentence": 2},
        {"id": "E4", "type": "AGREE", "mode": None, "context": ["economic"], "trigger": trigger("agreed"),
         "sources": [leaders[0], leaders[1]], "targets": [leaders[1], leaders[0]], "location": None, "time": None,
         "commitment": {
             "amount": {"value": value, "currency": code, "text": by_id[money_id]["text"], "entity": money_id},
             "period": {"start": year, "end": year + 5, "text": "%d-%d" % (year, year + 5)},
             "theme": "public and private investment", "status": "revised",
             "previous": {"amount": {"value": value / 2, "currency": code, "text": "half of it"},
                          "period": {"start": year - 3, "end": year + 2, "text": "%d" % (year - 3)},
                          "theme": "investment", "status": "new"}},
         "confidence": 0.88, "sentence": 3},
    ]
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    return {
        "id": "syn-%07d" % n, "title": "Summit between %s and %s" % (ca, cb), "date": "%d-%02d-%02d" % (year, month, day),
        "source": rng.choice(["MEA", "kremlin.ru", "MOFA"]), "url": "https://example.invalid/%d" % n, "text": t,
        "entities": entities, "events": events, "sentences": sentences,
        "meta": {"accord": "0.1.0", "models": ["ner-synthetic-1", "events-synthetic-1"], "tokens": 260},
    }


def main():
    n = int(sys.argv[1])
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 13)
    out = sys.stdout
    for i in range(n):
        out.write(json.dumps(record(i, rng), separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
