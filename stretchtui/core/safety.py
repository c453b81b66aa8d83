"""The safety screen's words: warning signs that need a doctor rather than a stretch.

Pure text, kept in one place so the screen, the help and the README say the same thing.
The signs follow the NHS and Mayo Clinic pages on back pain (see the README's "Safety and
sources"); they are a list of reasons to get help, never a diagnosis.
"""

from __future__ import annotations

SEEN_FILE = "safety-seen"
"""The file in the state folder whose presence means the safety screen was acknowledged."""

TITLE = "Before you stretch"
INTRO = ("Stretching helps a stiff back. Some back pain needs a doctor instead. "
         "This is not medical advice.")

EMERGENCY = (
    "numbness or weakness in both legs",
    "numbness around your genitals or buttocks",
    "new trouble passing urine, or losing control of your bladder or bowels",
    "back pain after a serious fall or accident",
    "chest pain",
)
"""Go to emergency care now (call your local emergency number)."""

SOON = (
    "a fever with your back pain",
    "weight loss you cannot explain",
    "pain that is worse at night and does not ease with rest",
    "a history of cancer",
)
"""See a doctor soon."""

FIRST = (
    "after an injury or surgery",
    "in pregnancy",
)
"""Check with a clinician before you start."""

DURING = ("During a stretch, mild discomfort up to about 4 out of 10 is fine. "
          "At 5 or more, or at any sharp pain, stop or ease off.")

SOURCES = (
    "NHS: Back pain (nhs.uk/conditions/back-pain)",
    "Mayo Clinic: Back pain, when to see a doctor (mayoclinic.org)",
    "NICE guideline NG59: Low back pain and sciatica in over 16s",
)


def sections() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The screen's groups in order: a heading and its signs."""
    return (
        ("Go to emergency care now if you have:", EMERGENCY),
        ("See a doctor soon if you have:", SOON),
        ("Check with a clinician first:", FIRST),
    )


def as_text() -> str:
    """The whole safety text as plain lines (help, the small pane, tests)."""
    lines = [INTRO, ""]
    for heading, signs in sections():
        lines.append(heading)
        lines.extend(f"  - {sign}" for sign in signs)
    lines += ["", DURING, "", "Sources: " + "; ".join(SOURCES)]
    return "\n".join(lines)
