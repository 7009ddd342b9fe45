"""Services: the only code that changes state.

Each public operation follows one shape: ``check_*`` validates and authorizes with the
rules from ``facilitation``, ``do_*`` mutates inside one transaction, and the events it
causes are published only after that transaction has committed.
"""
