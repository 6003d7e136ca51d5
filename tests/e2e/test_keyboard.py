"""Every control of the main pages can be reached with Tab, and shows where focus is.

For each page: walk the whole tab order from the top and check that every
visible interactive element was reached once, in document order, and that each
one draws a visible focus indicator (an outline or a box shadow).
"""

import pytest

from tests.e2e.test_accessibility import SLUG, WS, load_demo, settle

# Visible, enabled, tabbable controls, in document order.
FOCUSABLE_JS = """
() => {
  const sel = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const visible = el => {
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
  };
  return Array.from(document.querySelectorAll(sel))
    .filter(el => !el.disabled && el.tabIndex >= 0 && el.type !== 'hidden')
    .filter(el => !el.closest('details:not([open])') || el.tagName === 'SUMMARY')
    .filter(el => visible(el) || el.classList.contains('utrecht-skip-link'))
    .map((el, i) => { el.dataset.kbd = String(i); return i; }).length;
}
"""

# Which control has focus, and whether it shows it.
ACTIVE_JS = """
() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const text = (el.textContent || el.name || '').trim().slice(0, 40);
  return {id: el.dataset.kbd ?? null, tag: el.tagName, text, shown: outline || shadow};
}
"""

PAGES = [
    ("home", None, "/"),
    ("guidance", None, "/handreiking/wanneer-past-het/"),
    ("story-index", None, "/verhalen/?procedure=innovatiepartnerschap"),
    ("story", None, "/verhalen/hdsr-sterke-lekdijk/"),
    ("lesson", None, "/lessen/een-materieelpool-vraagt-een-planning/"),
    ("visit", None, "/kijkje-in-de-keuken-lekdijk/"),
    ("partnership", None, f"/partnerschappen/{SLUG}/"),
    ("dashboard", "opdrachtgever", f"{WS}/"),
    ("workspace-lessons", "opdrachtgever", f"{WS}/lessen/"),
]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize(("name", "username", "path"), PAGES, ids=[p[0] for p in PAGES])
def test_every_control_is_reachable_with_tab_and_shows_focus(
    live_server, page, sign_in, name, username, path
):
    people = load_demo()
    if username:
        sign_in(page, people.users[username])
    response = page.goto(f"{live_server.url}{path}")
    assert response is not None and response.status == 200
    settle(page)
    problems = keyboard_problems(page)
    assert not problems, f"{path}: " + "; ".join(problems)


def keyboard_problems(page) -> list[str]:
    """Walk the tab order once; say what cannot be reached or does not show focus."""
    total = page.evaluate(FOCUSABLE_JS)
    if total == 0:
        return ["no controls at all"]
    reached, hidden_focus = [], []
    for _ in range(total + 5):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE_JS)
        if active is None or active["id"] is None:
            continue
        if int(active["id"]) in reached:
            break  # wrapped around to the start
        reached.append(int(active["id"]))
        if not active["shown"]:
            hidden_focus.append(f"{active['tag']} {active['text']!r}")
    problems = []
    missing = sorted(set(range(total)) - set(reached))
    if missing:
        problems.append(f"{len(missing)} control(s) never reached with Tab: {missing}")
    if reached != sorted(reached):
        problems.append("tab order differs from reading order")
    if hidden_focus:
        problems.append(f"focus not visible on {hidden_focus}")
    return problems


def test_keyboard_check_finds_invisible_focus_and_a_jumbled_order(page):
    """The check itself: a link hiding its focus, a button jumping the queue."""
    page.set_content(
        '<!DOCTYPE html><html lang="nl"><head><title>Kapot</title>'
        "<style>a.kaal:focus { outline: none; }</style></head><body>"
        '<a href="#een">Een</a> <a class="kaal" href="#twee">Twee</a>'
        '<span tabindex="0">Drie</span> <button tabindex="5">Voorgedrongen</button>'
        "</body></html>"
    )
    problems = keyboard_problems(page)
    assert any(p.startswith("focus not visible on") and "Twee" in p for p in problems), problems
    assert not any("Een" in p for p in problems), problems
    assert "tab order differs from reading order" in problems, problems
