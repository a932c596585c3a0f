"""A Content-Security-Policy for every page: the theme's own scripts run, nothing a contributor wrote can.

The policy is a `<meta http-equiv>` (static hosts set no headers), placed first in `<head>`. Material's inline
scripts (local-storage helpers, palette, anchor handling) are allowed by their SHA-256; they are found in the
page with its content taken out, so a script that got into the content is never hashed.
"""

from __future__ import annotations

import base64
import hashlib

from selectolax.lexbor import LexborHTMLParser

_JS_TYPES = frozenset({"", "text/javascript", "application/javascript", "module"})


def inline_script_hashes(html: str) -> list[str]:
    """CSP source expressions ('sha256-...') for each inline JavaScript <script> in `html`, in order."""
    tree = LexborHTMLParser(html)
    hashes: list[str] = []
    for node in tree.css("script"):
        attributes = node.attributes
        if "src" in attributes or (attributes.get("type") or "").strip().lower() not in _JS_TYPES:
            continue
        digest = hashlib.sha256((node.text(deep=True) or "").encode("utf-8")).digest()
        source = f"'sha256-{base64.b64encode(digest).decode('ascii')}'"
        if source not in hashes:
            hashes.append(source)
    return hashes


def policy(script_sources: list[str], *, wasm: bool = False) -> str:
    """The policy text: same-origin resources, the listed inline scripts, no plugins, no base or form tricks."""
    scripts = ["'self'", *script_sources, *(["'wasm-unsafe-eval'"] if wasm else [])]  # Pagefind runs WASM
    return "; ".join((
        "default-src 'self'",
        f"script-src {' '.join(scripts)}",
        "style-src 'self' 'unsafe-inline'",  # Material and Pagefind set inline styles; styles run no code
        "img-src 'self' data: https:",
        "font-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ))


def add_policy(output: str, content: str, *, wasm: bool = False, nonce: str = "") -> str:
    """`output` (a whole page) with the policy first in its <head>; `content` is the page's contributed part.

    `nonce` allows `mkdocs serve`'s live-reload script, which the server adds to every page it sends.
    """
    theme_only = output.replace(content, "", 1) if content else output
    sources = inline_script_hashes(theme_only) + ([f"'nonce-{nonce}'"] if nonce else [])
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy(sources, wasm=wasm)}">'
    head = output.find("<head>")
    if head < 0:
        return meta + output
    at = head + len("<head>")
    return output[:at] + meta + output[at:]
