"""The screens (ADR 0006): pages for the people of the mission, served by the same app.

Server-rendered from Jinja2 templates (``api/web/templates``), every asset vendored in
``api/static`` (``VENDORED.md``), signed in with a session cookie (``api/web/session.py``),
authorized by the same services as the API. Each module of screens adds its router and
declares its navigation entries (``api/web/nav.py``); ``api/web/site.py`` puts them on the
app.
"""
