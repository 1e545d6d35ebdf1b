"""A confirmation shown beside what it confirms, on the page a plain form comes back to.

A view that redirects after an action keeps the confirmation in the session with
``keep``; the page it lands on takes it once with ``take`` and shows it beside the thing
acted on (a post's reactions, a new comment), where the browser has scrolled and the
keyboard focus is. Django's messages sit at the top of the page, out of sight from there.
"""

from django.contrib import messages


def keep(request, key, message, **about):
    """Keep ``message`` for the next page, with what it is about (ids, a kind)."""
    request.session[key] = {"message": message, **about}


def take(request, key, *, beside, shown):
    """The confirmation kept under ``key``, once only, if the thing it is about
    (its ``beside`` entry) is among the ``shown`` ids; else None, and the message goes
    with the messages at the top of the page, so it is never lost."""
    done = request.session.pop(key, None)
    if done is None:
        return None
    if done[beside] in shown:
        return done
    messages.success(request, done["message"])
    return None
