"""accord's word shapes, as the token_type_ids of this Hugging Face export.

accord adds a learned word-shape embedding to each word piece (its encoder is
uncased; the shape gives case back). In this export that embedding lives in
`token_type_embeddings`: token_type_ids = the shape class of the word each
piece belongs to, 0 for [CLS], [SEP] and padding. All zeros still runs the
model (class 0), without the casing feature.

Dependency-free: `word_shape`, `split_words` and `token_type_ids` need only the
standard library. `pipeline()` needs `transformers` and is imported lazily.

    import sys; sys.path.insert(0, EXPORT_DIR)
    import accord_shapes
    ner = accord_shapes.pipeline(EXPORT_DIR, aggregation_strategy="first")
    ner("Angela Merkel met Emmanuel Macron in Paris.")

Identity with accord (Rust): `word_shape` is a port of
`accord::tokenize::word_shape`, and `split_words` of `split_words`. The Unicode
properties they read (alphabetic, numeric, upper/lower case, white space) are
Rust's: Python's `unicodedata` is corrected by the tables below, which list
where Python 3.11's database (Unicode 14) and Rust's (Unicode 17) differ.
accord's test suite checks every code point against the Rust build on
Python 3.11; another Python version can differ on characters whose Unicode
properties changed after 14.0.
"""

import bisect
import unicodedata

__all__ = [
    "SHAPE_CLASSES",
    "SHAPE_NAMES",
    "word_shape",
    "split_words",
    "token_type_ids",
    "token_type_ids_for_words",
    "encode",
    "pipeline",
    "pipeline_class",
]

#: Number of word-shape classes, including 0 (special tokens and padding).
SHAPE_CLASSES = 8

#: What each class means.
SHAPE_NAMES = (
    "special",
    "digits",
    "ALLCAPS",
    "Capitalised",
    "lower case",
    "mixed with digits",
    "punctuation",
    "other",
)


def _table(spec):
    starts, ends = [], []
    for item in spec.split():
        first, _, last = item.partition("-")
        starts.append(int(first, 16))
        ends.append(int(last or first, 16))
    return starts, ends


def _in(table, c):
    starts, ends = table
    cp = ord(c)
    i = bisect.bisect_right(starts, cp) - 1
    return i >= 0 and cp <= ends[i]


# Code points Rust calls alphabetic (Unicode's Alphabetic property) that are
# not letters (L*) or letter numbers (Nl) to Python 3.11: Other_Alphabetic
# marks, and letters added after Unicode 14.
_ALPHABETIC_EXTRA = _table(
    """
    345 363-36F 5B0-5BD 5BF 5C1-5C2 5C4-5C5 5C7 610-61A 64B-657 659-65F 670 6D6-6DC
    6E1-6E4 6E7-6E8 6ED 711 730-73F 7A6-7B0 816-817 81B-823 825-827 829-82C 88F 897
    8D4-8DF 8E3-8E9 8F0-903 93A-93B 93E-94C 94E-94F 955-957 962-963 981-983 9BE-9C4
    9C7-9C8 9CB-9CC 9D7 9E2-9E3 A01-A03 A3E-A42 A47-A48 A4B-A4C A51 A70-A71 A75 A81-A83
    ABE-AC5 AC7-AC9 ACB-ACC AE2-AE3 AFA-AFC B01-B03 B3E-B44 B47-B48 B4B-B4C B56-B57
    B62-B63 B82 BBE-BC2 BC6-BC8 BCA-BCC BD7 C00-C04 C3E-C44 C46-C48 C4A-C4C C55-C56 C5C
    C62-C63 C81-C83 CBE-CC4 CC6-CC8 CCA-CCC CD5-CD6 CDC CE2-CE3 CF3 D00-D03 D3E-D44
    D46-D48 D4A-D4C D57 D62-D63 D81-D83 DCF-DD4 DD6 DD8-DDF DF2-DF3 E31 E34-E3A E4D EB1
    EB4-EB9 EBB-EBC ECD F71-F83 F8D-F97 F99-FBC 102B-1036 1038 103B-103E 1056-1059
    105E-1060 1062-1064 1067-106D 1071-1074 1082-108D 108F 109A-109D 1712-1713 1732-1733
    1752-1753 1772-1773 17B6-17C8 1885-1886 18A9 1920-192B 1930-1938 1A17-1A1B 1A55-1A5E
    1A61-1A74 1ABF-1AC0 1ACC-1ACE 1B00-1B04 1B35-1B43 1B80-1B82 1BA1-1BA9 1BAC-1BAD
    1BE7-1BF1 1C24-1C36 1C89-1C8A 1DD3-1DF4 24B6-24E9 2DE0-2DFF A674-A67B A69E-A69F
    A7CB-A7CF A7D2 A7D4 A7DA-A7DC A7F1 A802 A80B A823-A827 A880-A881 A8B4-A8C3 A8C5 A8FF
    A926-A92A A947-A952 A980-A983 A9B4-A9BF A9E5 AA29-AA36 AA43 AA4C-AA4D AA7B-AA7D AAB0
    AAB2-AAB4 AAB7-AAB8 AABE AAEB-AAEF AAF5 ABE3-ABEA FB1E 10376-1037A 105C0-105F3
    10940-10959 10A01-10A03 10A05-10A06 10A0C-10A0F 10D24-10D27 10D4A-10D65 10D69
    10D6F-10D85 10EAB-10EAC 10EC2-10EC7 10EFA-10EFC 11000-11002 11038-11045 11073-11074
    11080-11082 110B0-110B8 110C2 11100-11102 11127-11132 11145-11146 11180-11182
    111B3-111BF 111CE-111CF 1122C-11234 11237 1123E-11241 112DF-112E8 11300-11303
    1133E-11344 11347-11348 1134B-1134C 11357 11362-11363 11380-11389 1138B 1138E
    11390-113B5 113B7-113C0 113C2 113C5 113C7-113CA 113CC-113CD 113D1 113D3 11435-11441
    11443-11445 114B0-114C1 115AF-115B5 115B8-115BE 115DC-115DD 11630-1163E 11640
    116AB-116B5 1171D-1172A 1182C-11838 11930-11935 11937-11938 1193B-1193C 11940 11942
    119D1-119D7 119DA-119DF 119E4 11A01-11A0A 11A35-11A39 11A3B-11A3E 11A51-11A5B
    11A8A-11A97 11B60-11B67 11BC0-11BE0 11C2F-11C36 11C38-11C3E 11C92-11CA7 11CA9-11CB6
    11D31-11D36 11D3A 11D3C-11D3D 11D3F-11D41 11D43 11D47 11D8A-11D8E 11D90-11D91
    11D93-11D96 11DB0-11DDB 11EF3-11EF6 11F00-11F10 11F12-11F3A 11F3E-11F40 1342F
    13441-13446 13460-143FA 16100-1612E 16D40-16D6C 16EA0-16EB8 16EBB-16ED3 16F4F
    16F51-16F87 16F8F-16F92 16FF0-16FF6 187F8-187FF 18CFF 18D09-18D1E 18D80-18DF2 1B132
    1B155 1BC9E 1DF25-1DF2A 1E000-1E006 1E008-1E018 1E01B-1E021 1E023-1E024 1E026-1E02A
    1E030-1E06D 1E08F 1E4D0-1E4EB 1E5D0-1E5ED 1E5F0 1E6C0-1E6DE 1E6E0-1E6F5 1E6FE-1E6FF
    1E947 1F130-1F149 1F150-1F169 1F170-1F189 2B739-2B73F 2CEA2-2CEAD 2EBF0-2EE5D
    31350-33479
    """
)
# Numeric (Nd, Nl, No) to Rust, unassigned to Python 3.11.
_NUMERIC_EXTRA = _table(
    """
    10D40-10D49 116D0-116E3 11BF0-11BF9 11DE0-11DE9 11F50-11F59 16130-16139 16D70-16D79
    16FF4-16FF6 1CCF0-1CCF9 1D2C0-1D2D3 1E4F0-1E4F9 1E5F1-1E5FA
    """
)
# Uppercase to Rust, not to Python 3.11.
_UPPERCASE_EXTRA = _table(
    """
    1C89 A7CB-A7CC A7CE A7D2 A7D4 A7DA A7DC 10D50-10D65 16EA0-16EB8
    """
)
# Lowercase to Rust, not to Python 3.11.
_LOWERCASE_EXTRA = _table(
    """
    10FC 1C8A A7CD A7CF A7DB A7F1-A7F4 AB69 10D70-10D85 16EBB-16ED3 1DF25-1DF2A
    1E030-1E06D
    """
)
# Lowercase to Python 3.11, no longer to Rust (U+0295 became Lo).
_LOWERCASE_NOT = _table("295")
# Rust's char::is_whitespace (White_Space); str.isspace() also takes U+001C-U+001F.
_WHITE_SPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")


def _is_alphabetic(c):
    return c.isalpha() or unicodedata.category(c) == "Nl" or _in(_ALPHABETIC_EXTRA, c)


def _is_numeric(c):
    return unicodedata.category(c) in ("Nd", "Nl", "No") or _in(_NUMERIC_EXTRA, c)


def _is_uppercase(c):
    return c.isupper() or _in(_UPPERCASE_EXTRA, c)


def _is_lowercase(c):
    return (c.islower() and not _in(_LOWERCASE_NOT, c)) or _in(_LOWERCASE_EXTRA, c)


def _is_whitespace(c):
    return c in _WHITE_SPACE


def word_shape(word):
    """The shape class of a word: 1 all digits, 2 ALLCAPS, 3 Capitalised,
    4 lower case, 5 mixed with digits, 6 punctuation, 7 other (accord's
    `word_shape`)."""
    if not word:
        return 7
    letters = sum(1 for c in word if _is_alphabetic(c))
    digits = sum(1 for c in word if _is_numeric(c))
    if digits and not letters and all(_is_numeric(c) or c in ",." for c in word):
        return 1
    if digits:
        return 5
    if not letters:
        if all(
            c in _ASCII_PUNCTUATION or (not _is_alphabetic(c) and not _is_numeric(c) and not _is_whitespace(c))
            for c in word
        ):
            return 6
        return 7
    alphabetic = [c for c in word if _is_alphabetic(c)]
    if letters > 1 and all(_is_uppercase(c) for c in alphabetic):
        return 2
    if _is_uppercase(word[0]):
        return 3
    if all(_is_lowercase(c) for c in alphabetic):
        return 4
    return 7


_ABBREVIATIONS = frozenset(
    "Mr. Mrs. Ms. Dr. Prof. Gen. Lt. Col. Maj. Capt. Adm. Sgt. Gov. Sen. Rep. St. Jr. Sr. "
    "Inc. Corp. Ltd. Co. No. vs. Jan. Feb. Mar. Apr. Aug. Sep. Sept. Oct. Nov. Dec. Mt. Ft. Bros.".split()
)
_LEADING = frozenset("\"'\u201c\u2018([{\u00ab`")
_TRAILING = frozenset("\"'\u201d\u2019)]}\u00bb,;:!?.\u2026")
_POSSESSIVES = ("'s", "\u2019s", "'S")


def _keeps_period(word):
    if word in _ABBREVIATIONS:
        return True
    body = word[:-1]
    return all(len(part) == 1 and _is_alphabetic(part) for part in body.split(".")) and _is_uppercase(body[0])


def _split_chunk(word, offset, out):
    start, end = 0, len(word)
    while start < end and word[start] in _LEADING and end - start > 1:
        out.append((offset + start, offset + start + 1))
        start += 1
    tail = []
    while end - start > 1:
        c = word[end - 1]
        if c == "." and _keeps_period(word[start:end]):
            break
        if c not in _TRAILING:
            break
        tail.append((offset + end - 1, offset + end))
        end -= 1
    core = word[start:end]
    possessive = next((p for p in _POSSESSIVES if len(core) > len(p) and core.endswith(p)), None)
    if possessive:
        out.append((offset + start, offset + end - len(possessive)))
        out.append((offset + end - len(possessive), offset + end))
    elif start < end:
        out.append((offset + start, offset + end))
    out.extend(reversed(tail))


def _split_at_brackets(word, offset, out):
    start = 0
    for i, c in enumerate(word):
        if c in "()":
            if i > start:
                _split_chunk(word[start:i], offset + start, out)
            out.append((offset + i, offset + i + 1))
            start = i + 1
    if start < len(word):
        _split_chunk(word[start:], offset + start, out)


def split_words(text, start=0, end=None):
    """accord's CoNLL-style words of `text[start:end]` as (start, end) character
    offsets into `text`: white space separates words; leading quotes and
    brackets, trailing punctuation and the possessive 's are words of their
    own, and so are round brackets inside a word ("Action(JCPOA)");
    abbreviations ("Mr.", "U.S.", "S.") keep their period; hyphenated
    compounds ("India-Japan") stay whole."""
    end = len(text) if end is None else end
    words = []
    chunk = start
    for i in range(start, end):
        if _is_whitespace(text[i]):
            _split_at_brackets(text[chunk:i], chunk, words)
            chunk = i + 1
    _split_at_brackets(text[chunk:end], chunk, words)
    return words


def token_type_ids(text, offsets, special_tokens_mask=None, word_ids=None):
    """token_type_ids for one encoded row of `text`, as accord assigns shapes.

    `offsets` is the fast tokenizer's offset_mapping (character offsets into
    `text`); `special_tokens_mask` its special_tokens_mask, or `word_ids` its
    word_ids() (None marks a special token); with neither, every empty
    (0, 0) offset is taken for one. [CLS], [SEP] and padding get 0; every
    other piece gets the shape of the accord word its first character falls
    in (`split_words` of the whole text, then `word_shape`), as accord does
    within each sentence: its sentence boundaries fall at white space, where
    words end anyway.

    The words are accord's, not the tokenizer's: the BERT pre-tokenizer splits
    "U.S." into four words and "India-Japan" into three, and word_ids() follows
    it, while accord keeps each whole (shape 2 and 3 for all their pieces)."""
    words = split_words(text)
    shapes = [word_shape(text[a:b]) for a, b in words]
    ids = []
    word = 0
    for i, (start, end) in enumerate(offsets):
        if special_tokens_mask is not None:
            special = bool(special_tokens_mask[i])
        elif word_ids is not None:
            special = word_ids[i] is None
        else:
            special = True
        if special and start == end:
            ids.append(0)
            continue
        while word + 1 < len(words) and words[word][1] <= start:
            word += 1
        ids.append(shapes[word] if word < len(shapes) else 7)
    return ids


def token_type_ids_for_words(words, word_ids):
    """token_type_ids for text given as words (`is_split_into_words=True`, say
    CoNLL's gold tokens): each piece gets its word's shape, as accord does when
    it is given the words; `word_ids` is the encoding's word_ids() (None for
    special tokens and padding, which get 0)."""
    shapes = [word_shape(w) for w in words]
    return [0 if w is None else shapes[w] for w in word_ids]


def encode(tokenizer, text, **kwargs):
    """`tokenizer(text)` (one string, PyTorch tensors unless `return_tensors`
    says otherwise) with accord's token_type_ids, ready for `model(**inputs)`."""
    kwargs.setdefault("return_tensors", "pt")
    inputs = tokenizer(text, return_offsets_mapping=True, return_special_tokens_mask=True, **kwargs)
    offsets = inputs.pop("offset_mapping")
    special = inputs.pop("special_tokens_mask")
    rows = [
        token_type_ids(text, [tuple(o) for o in _as_list(row)], _as_list(mask))
        for row, mask in zip(offsets, special)
    ]
    if kwargs["return_tensors"] == "pt":
        import torch

        inputs["token_type_ids"] = torch.tensor(rows, dtype=torch.long)
    else:
        inputs["token_type_ids"] = rows
    return inputs


def _as_list(value):
    return value.tolist() if hasattr(value, "tolist") else list(value)


_PIPELINE_CLASS = None


def pipeline_class():
    """A `transformers.TokenClassificationPipeline` whose preprocessing sets
    accord's token_type_ids (the stock pipeline feeds zeros)."""
    global _PIPELINE_CLASS
    if _PIPELINE_CLASS is None:
        from transformers import TokenClassificationPipeline

        class AccordTokenClassificationPipeline(TokenClassificationPipeline):
            def preprocess(self, sentence, offset_mapping=None, **preprocess_params):
                for model_inputs in super().preprocess(sentence, offset_mapping=offset_mapping, **preprocess_params):
                    offsets = model_inputs["offset_mapping"][0]
                    special = model_inputs["special_tokens_mask"][0]
                    types = token_type_ids(sentence, [tuple(o) for o in _as_list(offsets)], _as_list(special))
                    current = model_inputs["token_type_ids"]
                    model_inputs["token_type_ids"] = current.new_tensor([types])
                    yield model_inputs

        _PIPELINE_CLASS = AccordTokenClassificationPipeline
    return _PIPELINE_CLASS


def pipeline(model, **kwargs):
    """`transformers.pipeline("token-classification", model=model, ...)` with
    accord's token_type_ids; `model` is the export's directory (or a loaded
    model, with `tokenizer=` given)."""
    import transformers

    return transformers.pipeline("token-classification", model=model, pipeline_class=pipeline_class(), **kwargs)
