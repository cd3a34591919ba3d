"""Checks shared by the screen-width tests: the widths, layout overflow, axe-core, screenshots.

Each page is loaded at a phone, a laptop and a wide laptop width and must fit it: the document no
wider than the window, and no table, input or image cut off by the window's edge unless it sits in a
container that scrolls sideways on purpose. axe-core (the npm package, ``make`` installs it into
node_modules) is injected into the page and run with the WCAG 2.1 A and AA rules. With
``SCREENSHOTS=1`` (``make screenshots``) each check also writes a full-page screenshot.
"""

import os
import re

from tests.browser.conftest import ROOT, SCREENSHOTS

WIDTHS = {
    "phone": {"width": 390, "height": 844},
    "laptop": {"width": 1280, "height": 800},
    "wide": {"width": 1440, "height": 900},
}
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_CUT_OFF = """() => {
  const width = window.innerWidth, problems = [];
  const scrolls = el => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      const x = getComputedStyle(up).overflowX;
      if (x === 'auto' || x === 'scroll') return true;
    }
    return false;
  };
  for (const el of document.querySelectorAll('table, input, textarea, select, img, pre')) {
    const box = el.getBoundingClientRect();
    if (!box.width || getComputedStyle(el).visibility === 'hidden') continue;
    if ((box.right > width + 1 || box.left < -1) && !scrolls(el)) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name=${el.name}]` : '');
      problems.push(`${name} spans ${Math.round(box.left)}–${Math.round(box.right)} px`);
    }
  }
  const page = document.documentElement.scrollWidth;
  if (page > width) problems.unshift(`the page is ${page} px wide`);
  return problems;
}"""


def layout_problems(page):
    """What does not fit the window: the page wider than it, or a table/input/image cut off by its edge."""
    width = page.viewport_size["width"]
    return [f"at {width} px: {problem}" for problem in page.evaluate(_CUT_OFF)]


def axe_violations(page):
    """axe-core's WCAG 2.1 A/AA violations on the page as loaded: ["rule: help (selectors)", …]."""
    assert AXE.is_file(), f"axe-core is missing at {AXE}: run `make test` (it runs npm ci) or `npm ci`"
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations.map(v => "
        "({id: v.id, help: v.help, targets: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        WCAG_21_AA,
    )
    return [f"{v['id']}: {v['help']} ({', '.join(v['targets'])})" for v in violations]


def screenshot(page, name):
    """A full-page screenshot in artifacts/screenshots/ when SCREENSHOTS is set (``make screenshots``)."""
    if not os.environ.get("SCREENSHOTS"):
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}-{page.viewport_size['width']}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_screen(page, name):
    """Layout problems and accessibility violations of the loaded page (empty when it is fine); screenshot."""
    screenshot(page, name)
    return layout_problems(page) + [f"axe {problem}" for problem in axe_violations(page)]
