"""Words too common to tell ideas apart, in Estonian, Russian and English.

Hand-made and short on purpose: function words (conjunctions, pronouns, adpositions,
auxiliaries, particles, and Estonian's "how often" words) as lemmas and as typed forms,
so a word is dropped whether or not the lemmatiser knew it. Content words that are merely frequent in this
domain ("eakas", "inimene", "abi") stay: TF-IDF weighs them down for the suggestions,
and search must still find them.
"""

from __future__ import annotations

ESTONIAN = frozenset(str.split("""
aga ainult all alla alles alt asemel enam end enda endale enne ehk ei eks et ega
ju ja jah juba juures jooksul järel kas kaasa keegi kes kelle kellel kellele kelleks
keda kellegi kuid kui kuidas kuhu kus kust kuna kuni kõik kõiki kõigi kõigile kõigil
läbi ma mina meie me meid meil meile mida mille millal mille milline mis mitte
mu mul mulle muidu mõni mõned mõne mõnele nad nemad nende neid neil neile nii nagu
need neli nüüd oma ole olema oleks oli olid olen oleme olete on ongi pole peab peaks
poolt pärast seal see seda sellel selle selleks sest siin siis sina sa sinu ta tema
temal tal talle te teie teid teil teile ka veel või vaid vastu üle ümber üks ühe ühes
ühele kohta kaudu koos ilma juurde juurest juures poole saab saaks saada võib võiks
tuleb tuleks oleme olla väga rohkem mitu kord korda kordi ikka siia sinna
""")) | {
    # "kord nädalas", "kaks korda kuus": how often, said in half the ideas, about any theme.
    "nädalas", "kuus", "päevas", "aastas"}

RUSSIAN = frozenset(str.split("""
а без более бы был была были было быть в вам вас весь во вот все всё всего всех вы
где да даже для до его ее её если есть еще ещё же за здесь и из или им их к как
какой каждый каждую когда кто ли либо мне может мы на над нам нас не него нее неё
нет ни них но ну о об один одна одно он она они оно от по под при раз с со так
также такой там те тех то тоже только том тот ту ты у уже чем что чтобы эта эти
это этот я мой моя наш ваш свой себя сам который которая которые кому чтоб через
"""))

ENGLISH = frozenset(str.split("""
a about after all also am an and any are as at be been being but by can could did
do does for from had has have he her here him his how i if in into is it its just
me more most my no not of on one or our out over own she should so some such than
that the their them then there these they this those to too under up us very was
we were what when where which while who whom why will with would you your
someone something every each
"""))

ALL = ESTONIAN | RUSSIAN | ENGLISH


def is_stop_word(term: str) -> bool:
    """True for a case-folded function word of any of the three languages."""
    return term in ALL
