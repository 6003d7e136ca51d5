"""Ship only the NL Design System component CSS our pages use.

Reads the full stylesheet of @utrecht/component-library-css (400 KB, almost
all of it for components we do not use) and writes a copy that keeps:
at-rules that hold kept rules, @charset/@keyframes/@font-face, rules without
`utrecht-*` classes (custom properties, element defaults), and every rule
with at least one selector whose `utrecht-*` classes all appear in our
templates, static scripts or Python (forms set widget classes), except
component rules inside `.utrecht-rich-text` (see `keep`). A class
written as a prefix before a template variable (`utrecht-button--{{ kind }}`)
keeps every class with that prefix.

    python tools/build_component_css.py SOURCE TARGET

Run by the Makefile's vendor CSS target at install time.
"""

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANNED = [
    *ROOT.glob("templates/**/*.html"),
    *ROOT.glob("templates/**/*.txt"),
    *ROOT.glob("static/js/**/*.js"),
    *ROOT.glob("portal/**/*.py"),
    *ROOT.glob("projects/**/*.py"),
    *ROOT.glob("sharing/**/*.py"),
]
CLASS = re.compile(r"utrecht-[a-z0-9_-]*")
GROUPING = ("@media", "@supports", "@container", "@layer")


def used_classes() -> tuple[set[str], tuple[str, ...]]:
    names: set[str] = set()
    for path in SCANNED:
        names.update(CLASS.findall(path.read_text(encoding="utf-8", errors="ignore")))
    prefixes = tuple(n for n in names if n.endswith("-"))
    return names, prefixes


def split_selectors(prelude: str) -> list[str]:
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(prelude):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(prelude[start:i])
            start = i + 1
    parts.append(prelude[start:])
    return [p.strip() for p in parts if p.strip()]


def block_end(css: str, open_at: int) -> int:
    depth = 0
    for i in range(open_at, len(css)):
        if css[i] == "{":
            depth += 1
        elif css[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError("unbalanced braces")


def minify(body: str) -> str:
    """Whitespace out of declarations; values keep their single spaces."""
    body = re.sub(r"\s+", " ", body).strip()
    return re.sub(r"\s*([:;,{}()])\s*", r"\1", body).rstrip(";")


def prune(css: str, keep) -> str:
    out, i = [], 0
    while i < len(css):
        brace, semi = css.find("{", i), css.find(";", i)
        if brace == -1:
            break
        if semi != -1 and semi < brace:  # @charset, @import: a statement
            statement = css[i : semi + 1].strip()
            if statement:
                out.append(statement)
            i = semi + 1
            continue
        prelude = css[i:brace].strip()
        end = block_end(css, brace)
        body = css[brace + 1 : end]
        if prelude.startswith(GROUPING):
            inner = prune(body, keep)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{minify(body)}}}")
        else:
            selectors = [s for s in split_selectors(prelude) if keep(s)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{minify(body)}}}")
        i = end + 1
    return "".join(out)


def merge_twins(css: str) -> str:
    """Rules with the same declarations become one rule (at the first one's place).

    The button and the button link declare the same 7 KB of custom properties;
    they style different elements, so the order between them does not matter.
    Only top-level plain rules are merged.
    """
    rules = re.findall(r"(@[^{]+\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}|[^{}@]+\{[^{}]*\})", css)
    if "".join(rules) != css:
        return css  # something we do not understand: leave it as it is
    first: dict[str, int] = {}
    out: list[list[str]] = []
    for rule in rules:
        match = re.fullmatch(r"([^{}@]+)\{([^{}]*)\}", rule)
        if match and len(match.group(2)) > 200:
            body = match.group(2)
            if body in first:
                out[first[body]][0] += "," + match.group(1)
                continue
            first[body] = len(out)
            out.append([match.group(1), body])
        else:
            out.append([rule, None])
    return "".join(sel if body is None else f"{sel}{{{body}}}" for sel, body in out)


def main(source: str, target: str) -> None:
    text = Path(source).read_text(encoding="utf-8")
    licence = re.search(r"/\*\*.*?@license.*?\*/", text, re.S)
    css = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    names, prefixes = used_classes()

    def keep(selector: str) -> bool:
        classes = CLASS.findall(selector)
        # Our `.utrecht-rich-text` wraps only editor and Markdown HTML, which
        # carries no component classes: its spacing rules between components
        # (`.utrecht-rich-text .utrecht-alert:has(+ .utrecht-table)`) never match.
        if classes[:1] == ["utrecht-rich-text"] and len(classes) > 1:
            return False
        return all(c in names or c.startswith(prefixes) for c in classes)

    result = merge_twins(prune(css, keep))
    header = (licence.group(0) + "\n") if licence else ""
    note = "/* Pruned to the classes Partnerwerk uses: tools/build_component_css.py */\n"
    Path(target).parent.mkdir(parents=True, exist_ok=True)
    Path(target).write_text(header + note + result + "\n", encoding="utf-8")
    size = len((header + note + result).encode())
    sys.stdout.write(f"{target}: {len(text.encode()):,} -> {size:,} bytes\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
