"""Marks a site generator reads and a chat does not (alerts, DocFX's images, includes and
code samples) shown on Discord as the page shows them."""

from bot.answer import Answerer
from bot.dialects import marks_as_shown
from bot.index import build
from bot.render import answer_embeds
from bot.sources import SourceLinks


def test_alerts_show_their_titles_as_the_page_does():
    text = (
        "> [!IMPORTANT]\n> Opt in.\n\n> [!tip]- Before you start\n> Back up.\n\n"
        '> > [!Note]\n\n> [!div class="nextstepaction"]\n\n```md\n> [!NOTE]\n```'
    )
    assert marks_as_shown(text) == (
        "> **Important**\n> Opt in.\n\n> **Before you start**\n> Back up.\n\n"
        '> > **Note**\n\n> [!div class="nextstepaction"]\n\n```md\n> [!NOTE]\n```'
    )  # DocFX's other marks, and code, as written


def test_docfx_images_includes_and_code_samples_read_as_what_they_stand_for():
    text = (
        ':::image type="content" source="media/a.png" alt-text="The *Options* dialog.":::\n'
        ':::image type="complex" source="media/b.png":::\nThe long description.\n'
        ":::image-end:::\n"
        "[!INCLUDE[product-lifecycle-status](includes/lifecycle-note.md)]\n"
        "[!INCLUDE[note](https://h/c1/includes/note.md#L1)]\n"
        "For example:\n\n[!code-cpp[NVC_MFC#11](codesnippet/cpp/styles_2.cpp)]\n"
        '`:::image source="x.png":::`'
    )
    assert marks_as_shown(text) == (
        "*(image: The Options dialog.)*\n"
        "*(image: b.png)*\nThe long description.\n"
        "*(included: product-lifecycle-status)*\n"
        "*(included: [note](https://h/c1/includes/note.md#L1))*\n"
        "For example:\n\n*(code sample: styles_2.cpp)*\n"
        '`:::image source="x.png":::`'
    )


PAGE = """# Window styles

To change the window style, override `PreCreateWindow` in your frame class:

[!code-cpp[NVC_MFCDocViewSDI#11](codesnippet/cpp/styles_2.cpp)]

[!INCLUDE[lifecycle](includes/lifecycle-note.md)]
"""


def test_discord_shows_a_microsoft_learn_page_as_the_site_does(tmp_path):
    docs = tmp_path / "docs"
    (docs / "includes").mkdir(parents=True)
    (docs / "styles.md").write_text(PAGE, encoding="utf-8")
    (docs / "includes" / "lifecycle-note.md").write_text("Retired.\n", encoding="utf-8")
    index, _ = build(docs, tmp_path / "index")
    answer = Answerer(index).ask("how do i change the window style of the frame?")
    assert answer.results[0].passage.source == "styles.md"
    links = SourceLinks("https://h/{commit}/{path}#L{start}", "c1")
    description = answer_embeds(answer, links=links)[0].description or ""
    assert "*(code sample: styles_2.cpp)*" in description
    assert "*(included: [lifecycle](https://h/c1/includes/lifecycle-note.md#L1))*" in description
    assert "[!" not in description


def test_a_myst_directive_in_a_code_fence_shows_its_title_and_its_body_as_prose(tmp_path):
    """MyST writes a note in a code fence, "```{note}", over Markdown. A quote leaves out
    the fence that closes it, so on Discord its body showed as code: the marker reads as
    the note's title, and the body as prose, its words marked. Code stays code."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "backups.md").write_text(
        "# Backups\n\n## Copies\n\nKeep your data safe.\n\n```{note}\nKeep three backup copies"
        " on two media.\n```\n\n```{admonition} Offsite\nOne copy offsite.\n```\n",
        encoding="utf-8",
    )
    index, _ = build(docs, tmp_path / "index")
    answer = Answerer(index).ask("how many backup copies on how many media?")
    description = answer_embeds(answer)[0].description or ""
    assert "**Note**\nKeep three **backup** **copies**" in description
    assert "**Offsite**\nOne **copy** offsite." in description
    assert "```" not in description
    in_code = "````md\n```{note}\nA note.\n```\n````\n"  # how to write one, in code
    assert marks_as_shown(in_code) == in_code
