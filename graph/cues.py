"""The words ingest reads claims by: relation cues, hedges, hearsay, negation, phrase edges.

Plain data (compiled patterns and word sets) for ``graph.extract`` and ``graph.extract_phrases``;
change the wording rules here without touching the algorithm.
"""

from __future__ import annotations

import re

__all__ = [
    "AFTER_PREPOSITION",
    "ANAPHORS",
    "AND_BEFORE",
    "ASIDE",
    "ASIDE_OPENER",
    "AS_DO",
    "BEFORE_PREPOSITION",
    "BULLET",
    "CATEGORY_MARKERS",
    "CHAINED_BEFORE",
    "CLAUSE_BREAK",
    "CUES",
    "CUE_PATTERNS",
    "CUE_STOP",
    "EDGE_WORDS",
    "EXAMPLE_ASIDE",
    "GENERIC",
    "HEARSAY",
    "HEDGE",
    "LIST_HEADINGS",
    "LIST_SPLIT",
    "MAX_NEW_WORDS",
    "MEMBERS",
    "NEGATION",
    "NOT_IN_PHRASES",
    "NOUN_USE",
    "OBJECT_PRONOUN",
    "OBJECT_STOP",
    "PARTICIPLE_PHRASE",
    "PARTICIPLE_WORD",
    "PAST_PRACTICE",
    "PREPOSITIONS",
    "PRONOUN",
    "QUANTITY",
    "RELATIVE_BEFORE",
    "SUBORDINATE_PRONOUN",
    "TIME_WORDS",
    "TOPIC_CUES",
    "TOPIC_PATTERNS",
    "TRAILING",
    "UNSAID_OBJECT",
]

# (pattern, family, preferred relation, reversed): reversed cues name the object first
# ("caused by X": X is the subject).
CUES: tuple[tuple[str, str, str, bool], ...] = (
    (
        r"(?:is|are|was|were|be|been)? ?(?:caused|triggered|provoked|brought on|made worse|"
        r"worsened|aggravated|set off) by",
        "cause",
        "causes",
        True,
    ),
    (r"(?:the )?results? of|due to|because of|owing to|stems? from", "cause", "causes", True),
    (
        r"(?:is|are|be) (?:an? |the )?(?:\w+ )?(?:signs?|symptoms?|warning) of",
        "cause",
        "causes",
        True,
    ),
    (
        r"(?:has|have) (?:many |several |other |lots of |a number of )?(?:causes|triggers)",
        "cause",
        "causes",
        True,
    ),
    (
        r"(?:is|are)? ?(?:an? |the )?(?:\w+ )?(?:causes?|triggers?|culprits?) of",
        "cause",
        "causes",
        False,
    ),
    (
        r"caus(?:e|es|ed|ing)|lead(?:s|ing)? to|led to|"
        r"(?<!the )(?<!a )(?<!another )(?<!are )(?<!is )"
        r"trigger(?:s|ed)?(?=\s+\w)|provok(?:e|es|ed)|"
        r"results? in|brings? on|gives? rise to|set(?:s)? off|contribut(?:e|es|ed|ing) to|"
        r"worsen(?:s|ed|ing)?|aggravat(?:e|es|ed|ing)|disturb(?:s|ed|ing)?|disrupt(?:s|ed|ing)?|"
        r"(?:rais|increas)(?:e|es) (?:the |your )?risk(?! of)|"
        r"damag(?:e|es|ed|ing)|irritat(?:e|es|ed|ing)|rais(?:e|es|ed)(?! the head| your)|"
        r"increas(?:e|es|ed)|delay(?:s|ed)?|block(?:s|ed)?|"
        r"upset(?:s)? (?=the |your |their )|slow(?:s|ed)?(?! down)|"
        r"fragment(?:s|ed)?|produc(?:e|es|ed)|drain(?:s|ed)?|deplet(?:e|es|ed)|"
        r"(?:is |are )?responsible for|"
        r"weaken(?:s|ed)?|mak(?:e|es) (?=(?:\w+ ){1,3}feel\b)|"
        r"wak(?:e|es) (?:\w+ ){1,2}up|keeps? (?:\w+ ){0,2}awake|"
        # General verbs of harm and of making worse.
        r"wreck(?:s|ed)?|ruin(?:s|ed)?|(?:is|are|be) behind|"
        r"push(?:es|ed)? (?=(?:\w+ ){1,5}(?:past|too|beyond)\b)|"
        r"(?:leaves?|left) (?=(?:\w+ ){1,2}(?:feeling )?(?:tired|irritable|low|weak|sore|stiff|"
        r"anxious|exhausted|drained|dehydrated|prone|vulnerable)\b)",
        "cause",
        "causes",
        False,
    ),
    (
        r"associated with|linked (?:to|with)|connected (?:to|with)|related to|accompan(?:y|ies|ied)"
        r"(?: by)?|goes? with|go hand in hand with|common (?:in|among|with)|seen in|"
        r"raises? the risk of|"
        r"increases? the risk of|plays? (?:a |an )?(?:\w+ )?(?:part|role) in|"
        r"puts? (?:\w+ ){1,3}at (?:\w+ )?risk(?: of)?|"
        r"mak(?:e|es|ing) (?=(?:\w+ ){1,3}(?:more (?!resistant)\w+|worse)\b)",
        "cause",
        "associated_with",
        False,
    ),
    (
        r"(?:is|are|be)? ?(?:relieved|eased|soothed|stopped|treated|prevented|cured|helped|"
        r"reduced|lowered|improved|calmed|lessened)"
        r" (?:by|with)",
        "help",
        "relieves",
        True,
    ),
    (
        r"relie(?:ve|ves|ved|ving)|eas(?:e|es|ed|ing)|sooth(?:e|es|ed|ing)|stops?|calms?|"
        r"loosens?|releases?|lower(?:s|ed)?|reduc(?:e|es|ed)|"
        # "relaxes the muscle"; not "tell it to relax", "when it should relax."
        r"(?<!to )relax(?:es|ed)?(?= (?!and\b|or\b|but\b|after\b|when\b|again\b)\w)|"
        r"takes? the edge off|dull(?:s|ed)? (?=(?:the|an?|your|their)\b)|"
        r"shorten(?:s|ed)? (?=(?:a|an|the|its|their|your|each|any)\b)|"
        r"stimulat(?:e|es|ed)|mak(?:e|es) (?:it )?(?:\w+ )?easier",
        "help",
        "relieves",
        False,
    ),
    (
        r"prevent(?:s|ed|ing)?|protects? (?:you )?(?:against|from)|wards? off|reduces? the "
        r"(?:risk|number|frequency) of|lowers? the risk of|keeps? \w+ away|helps? avoid|"
        r"avoid(?:s|ing)?|"
        r"mak(?:e|es|ing) (?=(?:\w+ ){1,3}(?:less likely|less common|less frequent|"
        r"(?:more )?resistant to)\b)",
        "help",
        "prevents",
        False,
    ),
    (
        r"treat(?:s|ed|ing)?|cur(?:e|es|ed)|fights?|helps? (?:with|against|to treat)|"
        r"(?:is |are )?good for|works? (?:for|against)|improv(?:e|es|ed|ing)|boost(?:s|ed)?|"
        r"keeps? (?=(?:\w+ ){1,3}(?:supple|healthy|flexible|regular|loose|strong|flowing|moving|"
        r"steady|hydrated|up)\b)|"
        r"strengthen(?:s|ed)?|support(?:s|ed)?(?= \w)|"
        r"protect(?:s|ed)?(?= (?:the|your|their|our)\b)|"
        r"restor(?:e|es|ed)|replenish(?:es|ed)?|refill(?:s|ed)?|rebuild(?:s)?",
        "help",
        "treats",
        False,
    ),
    (
        r"recommended (?:for|against)|(?:is |are )?advised for|prescribed for|"
        # A remedy's own noun before "for": "talking therapy for insomnia".
        r"(?:(?<=therapy)|(?<=therapies)|(?<=treatment)|(?<=treatments)|(?<=tablets)|"
        r"(?<=pills)|(?<=medicine)|(?<=medicines)|(?<=cream)|(?<=drops)|(?<=spray)|"
        r"(?<=remedy)|(?<=remedies)|(?<=drugs)) for(?= (?!a |the )\w)",
        "help",
        "recommended_for",
        False,
    ),
    (
        r"(?:is|are) rich in|rich in|high in|(?:is |are )?full of|packed with|loaded with|"
        r"contain(?:s|ing)?|(?:is |are )?(?:a |an )?(?:good |rich |great |excellent |main |"
        r"important |best )?sources? of|provides?|suppl(?:y|ies)|deliver(?:s)?|offers?",
        "source",
        "rich_in",
        False,
    ),
    (
        r"(?:is |are )?found in|present in|comes? from|obtained from|"
        r"(?:is |are )?in foods? such as",
        "source",
        "rich_in",
        True,
    ),
    (
        r"(?:helps?|needed|required|necessary|essential) (?:the body )?(?:to )?(?:absorb|take up)|"
        r"(?:needed|required|necessary|essential) for (?:the )?absorption of|absorption of",
        "absorption",
        "needed_for_absorption_of",
        False,
    ),
    (r"during|while", "context", "occurs_during", False),
    # Last, so "helps the body absorb" and "helps with" read as such first.
    (
        # Not "help relieve": the verb after it is the cue.
        r"help(?:s|ed)?(?! (?:to )?(?:relie|eas|sooth|prevent|reduc|lower|stop|treat|cur|avoid|"
        r"fight|improv|absorb|calm|keep|protect))(?= (?!too\b|as well\b|for\b|to\b|in\b|at\b|"
        r"on\b|the body\b|people\b|you\b|quickly\b)\w)",
        "help",
        "relieves",
        False,
    ),
)

# Cues whose other end goes unsaid: it is the article's topic (its most named condition).
# (pattern, family, relation, whether the named end follows the cue)
TOPIC_CUES: tuple[tuple[str, str, str, bool], ...] = (
    (r"blame[sd]?(?= (?!for\b)\w)|(?:is|are) blamed on", "cause", "causes", True),
    (
        r"(?:is|are) (?:\w+ )?(?:blamed|responsible|to blame)(?= *[.,;:]| *$)",
        "cause",
        "causes",
        False,
    ),
    (
        r"(?:is|are) (?:a |an |another |the )?(?:\w+ )?(?:triggers?|causes?|culprits?)\b(?! of)",
        "cause",
        "causes",
        False,
    ),
    (
        r"(?:is|are) (?:a |an |the )?(?:\w+ )?(?:fix|remedy|cure|treatment|answer)\b(?! for| of)|"
        r"helps?(?= too| as well|\.)|works? (?:well|best)|(?:is|are) (?:more |most |very )?helpful|"
        r"help(?:s)? (?:the body|you|people) (?:to )?(?:recover|heal|get better)",
        "help",
        "relieves",
        False,
    ),
    # Not "studies suggest that ...": a finding, whose own verb says the claim.
    (
        r"recommend(?:s|ed)?|advise[sd]?|swear by|suggest(?:s|ed)?(?! that)",
        "help",
        "relieves",
        True,
    ),
)
TOPIC_PATTERNS = tuple(
    (re.compile(rf"\b(?:{pattern})(?!\w)", re.IGNORECASE), family, relation, after)
    for pattern, family, relation, after in TOPIC_CUES
)
AS_DO = re.compile(
    r",\s*(?:as|(?:and )?so) (?:do|does|did|is|are|was|were|can|could|may|might|will|would)\b",
    re.IGNORECASE,
)
"""Ellipsis that shares a claim: "Lentils contain iron, as do greens", "..., and so can X"."""
PRONOUN = re.compile(r"\b(?:they|it|these|this|them|both)\b", re.IGNORECASE)
OBJECT_PRONOUN = re.compile(
    r"\s*(?:(?:the )?(?:great |vast )?(?:majority|most|many|some|all|much|half) of )?"
    r"(?:it|them|this)\b",
    re.IGNORECASE,
)
"""An object that is a pronoun, right after a cue ("oats contain it as well")."""
UNSAID_OBJECT = re.compile(
    r"\s*(?:(?:too|also|as well|again|up|all|in (?:some|many|most) people|\w+ly)\s*)*[.!?]?\s*",
    re.IGNORECASE,
)
"""Nothing after a cue but small words: its object goes unsaid ("also raise the risk.")."""
MEMBERS = re.compile(
    r",\s*(?:including|such as|like|for example|e\.g\.|primarily|mainly|especially|"
    r"particularly|notably|in particular|namely)\s|\s(?:include|includes)\s",
    re.IGNORECASE,
)
"""Members of a category named before them: "medicines, including water tablets"."""
SUBORDINATE_PRONOUN = re.compile(
    r"\b(?:because|since|as|so)\s+(?:it|they|this)\s+(?:(?:also|often|can|may|might|could|"
    r"does|do|is|are|will|would)\s+)*$",
    re.IGNORECASE,
)
"""A pronoun after "because" or "since": the nearest thing named before it ("take tonic
water because it contains quinine")."""
BULLET = re.compile(r"\s*(?:[-*\u2022\u2023\u25e6]|\d{1,2}[.)])\s+")
"""The mark a list item's line opens with: a dash, a star, a bullet or a number."""
LIST_HEADINGS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), family, relation)
    for pattern, family, relation in (
        (r"\b(?:causes?|triggers?|risk factors?|culprits?|reasons?)\b", "cause", "causes"),
        (
            r"\b(?:helps?|remedies|remedy|treatments?|relief|relieve|ease|prevent\w*|tips|"
            r"what to do)\b",
            "help",
            "relieves",
        ),
    )
)
"""What a heading ("Common triggers:", "What helps:") says its list's items do to the topic."""
AND_BEFORE = re.compile(
    r"\s(?:and|but)\s+(?:(?:also|often|can|may|might|could|even|is|are|was|were|\w+ly)\s+)*$",
    re.IGNORECASE,
)
"""A cue right after "and" or "but": a second verb of the same subject ("... and raises ...",
"is less common but can cause ...", "and is strongly linked to ...")."""
_PARTICIPLE = (
    r"(?!\w*eed\b)(?:\w{3,}ed|used|made|given|taken|worn|kept|held|left|put|sold|found|known|"
    r"eaten|drunk|bought|grown|brought|done|seen|written|called|shown|chosen|hidden)"
)
"""A past participle: a word in -ed (not "need", "seed"), or a common irregular one."""
PARTICIPLE_WORD = re.compile(_PARTICIPLE, re.IGNORECASE)
CHAINED_BEFORE = re.compile(
    r"(?<=\w),\s+(?:(?:also|often|can|may|might|could|then|\w+ly)\s+)*$", re.IGNORECASE
)
"""A cue right after a comma: the next verb of a chain sharing one subject ("poor sleep
leaves people irritable, slows their reactions and ..."), unless what the comma closes is
an aside (``ASIDE_OPENER``)."""
ASIDE_OPENER = re.compile(
    r"\s*(?:which|who|whose|that|where|when|such as|including|like|for example|especially|"
    rf"(?:\w+ly\s+)?{_PARTICIPLE}\b)",
    re.IGNORECASE,
)
"""How a piece between commas opens when it only describes the noun before it ("Diuretics,
which flush water, can ...", "Vitamin D, found in fish, helps ...")."""
RELATIVE_BEFORE = re.compile(
    r",?\s*\b(?:that|which|who)\s+(?:(?:is|are|was|were|can|could|may|might|also|often|"
    r"usually|then|in turn|all)\s+)*$",
    re.IGNORECASE,
)
"""A relative pronoun right before a cue: the noun before it is the subject ("vitamin D,
which helps the body absorb calcium"; "a medicine that reduces acid")."""
TIME_WORDS = re.compile(r"^(?:at|in|during|while)\b", re.IGNORECASE)

CUE_PATTERNS = tuple(
    (re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), family, relation, backwards)
    for pattern, family, relation, backwards in CUES
)
NOUN_USE = re.compile(
    r"\b(?:the|a|an|one|possible|common|main|likely|usual|major|other|another|no|its|"
    r"their|his|her|your|our|every|each)\s+$",
    re.IGNORECASE,
)
"""Before a one-word cue, a word that makes it a noun or an adjective, not a verb ("one
possible cause", "the reduced place")."""
CLAUSE_BREAK = re.compile(r";|:|\s[-\u2013\u2014]\s|\u2014|,\s(?:but|whereas|although|while|so)\s")
NEGATION = re.compile(
    r"\b(?!not only\b|not just\b|no matter\b|no doubt\b|no wonder\b)"
    r"(?:not|no|never|neither|nor|cannot|can't|don't|doesn't|didn't|isn't|aren't|won't|"
    r"unlikely|rarely|seldom|hardly|myth|no evidence|little evidence)\b|n't\b|"
    # A past practice is no claim now: "was once prescribed", "no longer recommend" (QA pass).
    r"\b(?:(?:was|were) once|used to be|formerly)\b",
    re.IGNORECASE,
)
PAST_PRACTICE = re.compile(r"(?:was|were) once|used to be|formerly", re.IGNORECASE)
"""The part of ``NEGATION`` that denies only a practice, not when a condition comes:
"quinine was once used for night cramps" still says the cramps come at night."""
HEDGE = re.compile(
    r"\b(?:may|might|can|could|possibly|perhaps|probably|likely|suggests?|sometimes|"
    r"seems?|appears?|thought to|some evidence|limited evidence|weak evidence)\b",
    re.IGNORECASE,
)
HEARSAY = re.compile(
    r"\b(?:people|they|others|folk|friends|grandmothers?|athletes) "
    r"(?:say|said|swear|claim|believe|recommend|report)|\bit is (?:said|believed|claimed)|"
    # "some doctors say", "many coaches believe" (not "some studies report": QA pass)
    r"\b(?:some|many|most|several|a few) (?!(?:studies|study|trials?|research|reviews?|"
    r"data|evidence)\b)(?:\w+ ){0,2}?(?:say|said|swear|claim|believe|recommend|report|insist)\b|"
    # "pickle juice is said to stop cramps"
    r"\b(?:is|are|was|were) (?:often |widely |commonly )?(?:said|believed|claimed|reputed|"
    r"rumou?red) to\b|"
    r"\bfolk (?:wisdom|remedy|remedies)|\bpopular belief|\bword of mouth|\btraditionally|"
    r"\baccording to (?:some|many|popular)|\bswear by|\bold wives",
    re.IGNORECASE,
)
EDGE_WORDS = frozenset(
    re.findall(
        r"\S+",
        "a an the some many most much more less this that these those such as is are was were be"
        " been being may might can could will would should must also often usually sometimes very"
        " and or but of in on at to for with by from it its they them their you your we our he she"
        " my his her"
        " which who what when where how why there here one ones not no do does did have has had"
        " into than then so just only even both all any each other well good great important main"
        " best rich high full help helps helped people longer though however yet still instead"
        " indeed thus therefore hence perhaps maybe almost",
    )
)
MAX_NEW_WORDS = 4
PREPOSITIONS = frozenset(
    re.findall(
        r"\S+",
        "in on for from with at by to because when during as than without into about over"
        " under after before through against between among per whether once again within"
        " around across along toward towards up down out off away besides except since until"
        " unless past beyond",
    )
)
QUANTITY = re.compile(
    r"\b(?:a |an |the )?(?:large |small |big |full |whole |short |single |great |vast |steady |"
    r"daily |regular )?"
    r"(?:lot|lots|plenty|great deal|good deal|little bit|useful amount|amount|variety|range|"
    r"handful|bit|kind|kinds|type|types|glass|cup|mug|bowl|slice|piece|spoonful|dose|course|"
    r"majority|frequency|number|severity|intensity|duration|length|chance|release|emptying|"
    r"level|intake|supply)s?"
    r" of\b",
    re.IGNORECASE,
)
"""Words that measure, not name: "a large glass of water" names water."""
ASIDE = re.compile(
    r",? ?\b(?:on the other hand|for example|for instance|in fact|of course|however)\b,?",
    re.IGNORECASE,
)
"""Words set aside in a sentence ("Tea, on the other hand, ..."): a list's comma, no name."""
BEFORE_PREPOSITION = re.compile(
    r"\w\W+(?:on|in|at|into|from|under|over|through|within|with|without|for|after|before)\s+"
    r"(?:(?:the|a|an|your|their|its)\s+)?$",
    re.IGNORECASE,
)
"""Before a cue, a name after a preposition that follows other words ("the tablets
prescribed for cramps can cause ...", "cramps in pregnancy are linked to ...") only places
or qualifies the subject; it is not the subject."""
EXAMPLE_ASIDE = re.compile(r",\s*(?:for example|for instance|e\.g\.)\b[^,;:]*,", re.IGNORECASE)
"""An example set between commas ("Ignoring the urge, for example when travelling, can
..."): no name of it is the subject, and its "when" starts no clause of its own."""
PARTICIPLE_PHRASE = re.compile(
    r"(?<=\w)(?:,\s*|\s+(?:(?:once|often|usually|\w+ly)\s+)?)"
    rf"{_PARTICIPLE}\s+"
    r"(?:(?:\w+ly|there|here)\s+)?(?:in|into|with|for|by|at|from|on|over|under|to)\b[^,;:]*,?",
    re.IGNORECASE,
)
"""Before a cue, a past participle with its preposition after a noun only describes it
("an ice pack wrapped in a towel, applied for ten minutes, reduces ...", "drinks sweetened
with sugar raise ..."): the noun before it is the subject."""
AFTER_PREPOSITION = re.compile(
    r"\w\W+(?:on|in|at|into|onto|from|under|over|behind|through|within|with|"
    r"without|after|before|despite)\s+"
    r"(?:(?:the|a|an|your|their|its)\s+)?$",
    re.IGNORECASE,
)
"""A name after a preposition that follows other words after a cue ("raises the pressure on
the stomach") only places what the cue's object is."""
LIST_SPLIT = re.compile(r"(,|;|\b(?:and|or|as well as|such as|like|including)\b)")
"""Separators of list items (captured: the item before "such as" is the list's category)."""
CATEGORY_MARKERS = frozenset({"such as", "like", "including"})
GENERIC = frozenset(
    re.findall(
        r"\S+",
        "food foods example way ways thing things problem problems people person menu diet"
        " body time reason reasons case cases kind kinds type types part parts something purpose"
        " following track tracks",
    )
)
"""Words too general to be a node on their own ("foods rich in ...")."""
ANAPHORS = frozenset({"symptom", "symptoms", "condition", "problem", "complaint", "ailment"})
"""Nouns that, alone, stand for the topic ("these symptoms can accompany ...")."""
# Words that end a noun phrase without being part of it: common verbs, time words and
# degree words ("muscle cramps occur", "a cramp hours after", "mild dehydration").
NOT_IN_PHRASES = frozenset(
    re.findall(
        r"\S+",
        "occur occurs occurred happen happens happened come comes came appear appears develop"
        " develops start starts begin begins get gets got make makes made take takes keep keeps"
        " put puts feel feels felt seem seems become becomes remain remains tend tends count"
        " counts mention mentions say says said think thinks know knows need needs use uses"
        " hours hour minutes minute days day weeks week months month years year time times"
        " mild severe slight extreme frequent occasional sudden ordinary common especially"
        " particularly usually really quite rather most often level levels intake content"
        " taking using having eating faster better quicker sooner relax relaxes neutralise"
        " neutralises neutralize neutralizes reduce reduces increase increases raise raises"
        " lower lowers absorb absorbs wash washes push pushes slow slows press presses"
        " irritate irritates flow flows tolerate tolerates find finds notice notices"
        " include includes included supple healthy flexible loose"
        " worse harder softer easier likely likelier late early",
    )
)
TRAILING = frozenset(
    {"too", "also", "either", "again", "later", "first", "anymore", "afterwards", "afterward"}
)

# Another cue or a subordinate clause ends the reach of the current cue.
CUE_STOP = re.compile(
    r"\b(?:which|because|when|if|whereas|although|but)\b|"
    # "A few small studies found that it may shorten a cramp": the finding's own subject.
    r"\b(?:found|show(?:s|ed|n)?|suggest(?:s|ed)?|says?|said|think(?:s)?|believe[sd]?|"
    r"report(?:s|ed)?|warn(?:s|ed)?|agree[sd]?|know(?:s|n)?|note[sd]?|conclude[sd]?) that\b"
)
OBJECT_STOP = re.compile(
    r"(?<=\w)\s+(?:that|feels?)\b|\s(?:and|or)\s+(?:\w+ly\s+)?\w+[^s\W]s\s+"
    r"(?:a|an|the|some|it|them|its|their|your|down|up|out|off|back|away)\b",
    re.IGNORECASE,
)
"""After a cue's object, a relative "that" or a second verb of the subject ends its reach
("prevent the dryness that makes ...", "is rich in fibre and absorbs some of the acid")."""
