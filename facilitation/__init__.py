"""Pure workshop domain rules: phases, voting dots, idea text, join codes and timers.

Nothing here touches Flask, the database or the clock, so every rule can be
unit-tested in isolation and reused by any delivery mechanism.
"""
