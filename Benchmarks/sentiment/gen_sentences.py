#!/usr/bin/env python3
"""Deterministic generator of varied sentences for the VADER comparison and the benchmark.

usage: gen_sentences.py COUNT [SEED] > file.txt   (one sentence per line; some lines are empty)
Draws on the lexicon itself (lexicons/en/vader_lexicon.txt) and the emoji lexicon, plus every rule
trigger: boosters/dampeners (also ALL CAPS), the 59 negations, "no", "never so/this", "without doubt",
"least", "kind of", idioms, "but" (with repeated values, to exercise its list.index quirk),
! and ? runs, emoticons, emoji (single and multi code point), unicode case oddities (İ, K, ß, Greek),
curly quotes, non-breaking and other Unicode spaces, CJK/Thai text and empty lines.
"""
import os, random, sys

HERE = os.path.dirname(os.path.abspath(__file__))
LEX = os.path.join(HERE, "..", "..", "lexicons", "en")

def load():
    words = []
    with open(os.path.join(LEX, "vader_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                words.append(line.split("\t")[0])
    emoji = []
    with open(os.path.join(LEX, "emoji_utf8_lexicon.txt"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                emoji.append(line.rstrip("\r\n").split("\t")[0])
    return words, emoji

BOOST = ["absolutely", "very", "extremely", "so", "really", "totally", "quite", "most", "more", "uber",
         "friggin", "hella", "incredibly", "utterly", "barely", "hardly", "kinda", "kind of", "sort of",
         "sorta", "slightly", "somewhat", "just enough", "less", "little", "almost", "marginally"]
NEG = ["aint", "arent", "cannot", "cant", "couldnt", "darent", "didnt", "doesnt", "ain't", "aren't", "can't",
       "couldn't", "daren't", "didn't", "doesn't", "dont", "hadnt", "hasnt", "havent", "isnt", "mightnt",
       "mustnt", "neither", "don't", "hadn't", "hasn't", "haven't", "isn't", "mightn't", "mustn't", "neednt",
       "needn't", "never", "none", "nope", "nor", "not", "nothing", "nowhere", "oughtnt", "shant", "shouldnt",
       "uhuh", "wasnt", "werent", "oughtn't", "shan't", "shouldn't", "uh-uh", "wasn't", "weren't", "without",
       "wont", "wouldnt", "won't", "wouldn't", "rarely", "seldom", "despite", "don’t", "isn’t", "no"]
FILLER = ["the", "a", "it", "was", "is", "this", "that", "movie", "service", "team", "product", "I", "we",
          "you", "they", "and", "or", "of", "to", "at", "least", "very", "so", "this", "never", "without",
          "doubt", "kind", "of", "but", "BUT", "no", "nor", "or", "update", "ticket", "refund", "today"]
IDIOMS = ["the shit", "the bomb", "bad ass", "badass", "bus stop", "yeah right", "kiss of death", "to die for",
          "beating heart", "cut the mustard", "hand to mouth", "upper hand", "break a leg", "in the red",
          "under the weather", "never so good", "never this bad", "without a doubt", "without doubt",
          "at least", "very least", "the least", "kind of", "no no", "no or bad", "not so good"]
PUNCT = ["!", "!!", "!!!", "!!!!!", "?", "??", "???", "????", ".", "...", ",", ";", ":)", ":(", ":D", ":-(",
         "<3", "(:", ":'(", "?!", "!?", "\"", "'", "-", "--", "(", ")", "*", "#", "@", "&"]
UNI = ["İstanbul", "KELVIN", "Kelvin", "straße", "STRASSE", "ΣΟΦΟΣ", "σοφός", "ǅemal", "Ⅻ", "ⓐ", "ª",
       "café", "CAFÉ", "naïve", "Ünïcödé", "東京は素晴らしい", "我很高兴", "ภาษาไทย", "𝐁𝐎𝐋𝐃", "ǈ", "ﬁne",
       "“good”", "‘bad’", "—", "…", "\u00a0", "\u2003", "\u3000", "\u200b", "\u2028", "\u0085", "\x1c",
       "\t", "  ", "\u202f", "©", "®", "™", "Þ", ":Þ", ":-Þ", "ßAD", "GOOD\u0301"]

def word(rng, lex):
    w = rng.choice(lex)
    r = rng.random()
    if r < 0.15: w = w.upper()
    elif r < 0.22: w = w.capitalize()
    return w

def caseify(rng, w):
    r = rng.random()
    if r < 0.12: return w.upper()
    if r < 0.18: return w.capitalize()
    return w

def sentence(rng, lex, emoji):
    kind = rng.random()
    if kind < 0.02: return ""
    if kind < 0.03: return rng.choice([" ", "\t", "  \t ", "\u00a0", "!!!", "???", "...", ":)"])
    n = rng.randint(1, 22)
    parts = []
    for _ in range(n):
        r = rng.random()
        if r < 0.30: parts.append(word(rng, lex))
        elif r < 0.45: parts.append(caseify(rng, rng.choice(FILLER)))
        elif r < 0.55: parts.append(caseify(rng, rng.choice(BOOST)))
        elif r < 0.64: parts.append(caseify(rng, rng.choice(NEG)))
        elif r < 0.70: parts.append(caseify(rng, rng.choice(IDIOMS)))
        elif r < 0.78:
            e = rng.choice(emoji)
            if rng.random() < 0.5 and parts:
                parts[-1] = parts[-1] + e  # glued to a word
            else:
                parts.append(e)
        elif r < 0.86:
            p = rng.choice(PUNCT)
            if parts and rng.random() < 0.7: parts[-1] = parts[-1] + p
            else: parts.append(p)
        elif r < 0.90: parts.append(rng.choice(UNI))
        elif r < 0.96: parts.append(rng.choice(["but", "But", "BUT", "but,"]))
        else: parts.append(rng.choice(["good", "good", "great", "bad", "bad"]))
    sep = " "
    out = ""
    for k, p in enumerate(parts):
        if k: out += sep if rng.random() < 0.93 else rng.choice(["  ", "\t", "\u00a0", " \u3000"])
        out += p
    if rng.random() < 0.4: out += rng.choice(PUNCT)
    if rng.random() < 0.05: out = " " + out + " "
    return out.replace("\n", " ").replace("\r", " ")

def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 25000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 20140601
    rng = random.Random(seed)
    lex, emoji = load()
    out = sys.stdout.buffer
    for _ in range(count):
        out.write(sentence(rng, lex, emoji).encode("utf-8") + b"\n")

main()
