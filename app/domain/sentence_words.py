"""Ordinary English words that start a note with a capital only because they start it.

A note's first word is lowered when it is one of these ("Her switch to product" → "her switch…"),
and kept when it is not, since a word outside this list is most likely a name ("Monzo is hiring").
The list holds the function words and the verbs, nouns and adjectives students write at the start
of a meeting note or a next step; `_ORDINARY_ENDING` in note_fitting adds -ing, -ed and -ly forms.
"""

from __future__ import annotations

__all__ = ["NAME_LIKE_WORDS", "ORDINARY_WORDS"]

_FUNCTION_WORDS = """
a about above across after again against all almost along already also although always am among an
and another any anyone anything are around as at away back be because been before being below
between both but by can could did do does doing done down during each either enough even ever every
everyone everything few for from further had has have having he her here hers herself him himself
his how however if in into is it its itself just least less like many may maybe me might mine more
most much must my myself neither never next no nobody none nor not nothing now of off often on once
one only onto or other others our ours ourselves out over own perhaps quite rather really same she
should since so some someone something sometimes soon still such than that the their theirs them
themselves then there these they this those though through thus to together too toward towards under
until up upon us very was we were what whatever when where whether which while who whom whose why
will with within without would yes yet you your yours yourself yourselves
"""

_VERBS = """
add advise agree aim apply approach arrange ask attend avoid be become begin believe book borrow
brainstorm bring brush build buy call can change chat check choose clarify collect come compare
complete consider contact continue create decide define describe design develop discuss do download
draft email enjoy enrol enroll explain explore find finish fix focus follow get give go grab help
highlight hire identify improve include introduce invite join keep know learn leave let list listen
look make mark meet mention message move need network note offer open organise organize pick plan
practice practise prepare present print prioritise prioritize publish put reach read reconnect record
reflect register rehearse remember reply report research respond review revise rewrite run save say
schedule search see send set shadow share show sign sit skim speak start stay stop study subscribe
suggest summarise summarize take talk tell thank think track try turn update upload use visit wait
going want watch work write
"""

_NOUNS_AND_ADJECTIVES = """
advice answer application approach article background best better big blog book business career
careers change class clear company conference course culture day design different early easy first
focus good great group hard how idea important industry interesting internship interview job last
life lot main manager market meeting mentor more most network new news next note notes office
online path people person plan podcast point portfolio product project question questions real role
roles school short side skill skills small start story strong team teams thing things time tip tips
today tomorrow tool tools top week work world year
ambition analysis anything balance benefit challenge challenges client clients colleague colleagues
commute company's competition confidence contract data decision degree difference direction
experience experiences failure field freedom future growth habit hours impact importance insight
interests journey key lesson lessons luck manager's mistake mistakes money motivation move moving
opportunity opportunities passion pay pressure process progress promotion reason reasons research
responsibility risk salary shift startup startups step steps strategy stress success switch
transition trust users value values way ways why
"""

ORDINARY_WORDS: frozenset[str] = frozenset((_FUNCTION_WORDS + _VERBS + _NOUNS_AND_ADJECTIVES).split())

# Ordinary words that are also first names: never lowered mid-sentence ("ask Mark", "talk to Will").
_NAME_LIKE = """
april art august bill dawn faith frank grace hope iris jack jay john joy june mark max may pat ray
rob rose sam sky sue summer victor will
"""
NAME_LIKE_WORDS: frozenset[str] = frozenset(_NAME_LIKE.split())
