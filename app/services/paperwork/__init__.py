"""The seminar's paperwork: what a LEADER payment claim asks for, kept by the tool.

``access`` says who keeps a seminar's papers, ``agenda`` its programme, ``logos`` the
programme's logos, ``attendance`` the list of participants (from phones, paper and advance
registration) with its counts and retention, ``feedback`` the feedback form, its answers
and their summary, and ``evidence`` gathers it all, with the workshops' rankings and the
proposals, for the evidence pack.
"""
